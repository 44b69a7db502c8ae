/** Helpers that keep the demo data readable: orders, transfers and their moves, lots. */
import type { FixtureRecord } from "../fixture.ts";

export type Records = Record<string, FixtureRecord[]>;

/** Location and operation-type ids of the demo warehouse (see fixture.ts). */
export const LOC = { customers: 3, vendors: 4, stock: 8, output: 9, repair: 10 } as const;
export const TYPE = { in: 1, out: 2, int: 3, ret: 4 } as const;

const ROUTE: Record<keyof typeof TYPE, { from: number; to: number; prefix: string }> = {
  in: { from: LOC.vendors, to: LOC.stock, prefix: "WH/IN/" },
  out: { from: LOC.stock, to: LOC.customers, prefix: "WH/OUT/" },
  int: { from: LOC.stock, to: LOC.repair, prefix: "WH/INT/" },
  ret: { from: LOC.customers, to: LOC.stock, prefix: "WH/RET/" },
};

export interface TransferLine {
  product: number;
  lot?: number;
  qty?: number;
  saleLine?: number;
  returnOfMove?: number;
}

export interface OrderLine {
  product: number;
  name: string;
  qty: number;
  price: number;
  delivered?: number;
}

export class DemoBuilder {
  readonly records: Records;
  private readonly next = new Map<string, number>();
  private readonly counters = new Map<string, number>();
  private readonly productNames = new Map<number, string>();

  constructor(records: Records) {
    this.records = records;
  }

  add(model: string, record: Omit<FixtureRecord, "id">, id?: number): number {
    const list = this.records[model] ?? [];
    this.records[model] = list;
    const newId = id ?? this.next.get(model) ?? 1;
    this.next.set(model, Math.max(newId + 1, this.next.get(model) ?? 1));
    list.push({ id: newId, ...record });
    return newId;
  }

  /** A product template and its single variant (separate ids, as in Odoo). */
  product(
    template: number,
    variant: number,
    product: {
      name: string;
      code: string;
      tracking?: "serial" | "none";
      type?: "consu" | "service";
      price: number;
    },
  ): number {
    const storable = product.type !== "service";
    this.add(
      "product.template",
      {
        name: product.name,
        type: product.type ?? "consu",
        is_storable: storable,
        tracking: product.tracking ?? "none",
        list_price: product.price,
        company_id: false,
      },
      template,
    );
    this.productNames.set(variant, `[${product.code}] ${product.name}`);
    return this.add(
      "product.product",
      { product_tmpl_id: template, default_code: product.code },
      variant,
    );
  }

  lot(name: string, product: number, createDate: string, ref?: string): number {
    return this.add("stock.lot", {
      name,
      product_id: product,
      company_id: 1,
      create_date: createDate,
      ...(ref ? { ref } : {}),
    });
  }

  order(order: {
    name: string;
    partner: number;
    shipping?: number;
    invoice?: number;
    date: string;
    ref?: string;
    locked?: boolean;
    extra?: Record<string, unknown>;
    lines: OrderLine[];
  }): { id: number; lines: number[] } {
    const total = order.lines.reduce((sum, line) => sum + line.qty * line.price, 0);
    const id = this.add("sale.order", {
      name: order.name,
      partner_id: order.partner,
      partner_invoice_id: order.invoice ?? order.partner,
      partner_shipping_id: order.shipping ?? order.partner,
      client_order_ref: order.ref ?? false,
      date_order: order.date,
      state: "sale",
      locked: order.locked ?? false,
      company_id: 1,
      currency_id: 1,
      user_id: 2,
      amount_total: total,
      create_date: order.date,
      ...order.extra,
    });
    const lines = order.lines.map((line, index) =>
      this.add("sale.order.line", {
        order_id: id,
        sequence: 10 * (index + 1),
        product_id: line.product,
        name: line.name,
        product_uom_qty: line.qty,
        product_uom_id: 1,
        price_unit: line.price,
        price_subtotal: line.qty * line.price,
        qty_delivered: line.delivered ?? line.qty,
      }),
    );
    return { id, lines };
  }

  /** A done transfer with one move (and one move line) per line. */
  transfer(transfer: {
    type: keyof typeof TYPE;
    date: string;
    partner?: number;
    origin?: string;
    sale?: number;
    tracking?: string;
    returnOf?: number;
    lines: TransferLine[];
  }): { picking: number; name: string; moves: number[] } {
    const route = ROUTE[transfer.type];
    const count = (this.counters.get(route.prefix) ?? 0) + 1;
    this.counters.set(route.prefix, count);
    const name = `${route.prefix}${String(count).padStart(5, "0")}`;
    const picking = this.add("stock.picking", {
      name,
      origin: transfer.origin ?? false,
      partner_id: transfer.partner ?? false,
      picking_type_id: TYPE[transfer.type],
      state: "done",
      scheduled_date: transfer.date,
      date: transfer.date,
      date_done: transfer.date,
      location_id: route.from,
      location_dest_id: route.to,
      sale_id: transfer.sale ?? false,
      carrier_tracking_ref: transfer.tracking ?? false,
      return_id: transfer.returnOf ?? false,
      company_id: 1,
      create_date: transfer.date,
    });
    const moves = transfer.lines.map((line) => {
      const move = this.add("stock.move", {
        name: this.productNames.get(line.product) ?? name,
        origin: transfer.origin ?? false,
        product_id: line.product,
        product_uom_qty: line.qty ?? 1,
        quantity: line.qty ?? 1,
        product_uom: 1,
        state: "done",
        date: transfer.date,
        location_id: route.from,
        location_dest_id: route.to,
        picking_id: picking,
        picking_type_id: TYPE[transfer.type],
        sale_line_id: line.saleLine ?? false,
        origin_returned_move_id: line.returnOfMove ?? false,
        company_id: 1,
      });
      this.add("stock.move.line", {
        move_id: move,
        picking_id: picking,
        product_id: line.product,
        product_uom_id: 1,
        lot_id: line.lot ?? false,
        quantity: line.qty ?? 1,
        picked: true,
        date: transfer.date,
        location_id: route.from,
        location_dest_id: route.to,
        state: "done",
        company_id: 1,
      });
      return move;
    });
    return { picking, name, moves };
  }
}
