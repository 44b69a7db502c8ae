/**
 * Makes the scenarios real through the admin account, idempotently: every step first looks for
 * what an earlier run made (lots by name and product, orders by customer reference, returns by
 * their origin move), so a second run on the same database creates nothing and an interrupted
 * run resumes. Answers the names and ids Odoo gave, which the expectations need.
 */
import { ConformanceError } from "../errors.ts";
import type { OdooRow, OdooWriter, Values } from "../writer/odoo-writer.ts";
import { type SeededProduct, seedPartners, seedProducts } from "./master-data.ts";
import {
  createReturn,
  type MoveRow,
  pickingMoves,
  reserveLots,
  validateWithLots,
} from "./pickings.ts";
import {
  ORDERS,
  type OrderDef,
  type OrderKey,
  PARTNERS,
  type PartnerKey,
  type ProductKey,
  SERIALS,
} from "./scenario.ts";

export interface SeededOrder {
  id: number;
  name: string;
  /** Sale line ids by the product they sell. */
  lines: Partial<Record<ProductKey, number>>;
  delivery: { id: number; name: string };
  /** With the operation type Odoo's return wizard chose (it differs between versions). */
  returnPicking?: { id: number; name: string; operation: string };
}

export interface SeededWorld {
  major: number;
  products: Record<ProductKey, SeededProduct>;
  partners: Record<PartnerKey, number>;
  /** `${serial}|${product}` -> lot id. */
  lots: Map<string, number>;
  /** `${serial}|${product}` -> the receipt's name. */
  receipts: Map<string, string>;
  orders: Record<OrderKey, SeededOrder>;
  /** Odoo's own data the answers mention: display names as Odoo computes them. */
  places: {
    company: string;
    stock: string;
    customers: string;
    vendors: string;
    receiptType: string;
    deliveryType: string;
  };
  /** Records created by this run (0 on a second run). */
  created: number;
}

export const lotKey = (serial: string, product: ProductKey) => `${serial}|${product}`;

const m2oId = (value: unknown): number | false =>
  Array.isArray(value) && typeof value[0] === "number" ? value[0] : false;

interface Places {
  warehouseId: number;
  inTypeId: number;
  outTypeId: number;
  stockId: number;
  vendorsId: number;
  customersId: number;
}

async function places(writer: OdooWriter): Promise<{ ids: Places; names: SeededWorld["places"] }> {
  const [warehouse] = await writer.searchRead(
    "stock.warehouse",
    [["id", "=", await writer.ref("stock.warehouse0")]],
    ["in_type_id", "out_type_id", "lot_stock_id", "company_id"],
  );
  if (!warehouse) throw new ConformanceError("CONFORMANCE_SEED", "Odoo has no main warehouse");
  const ids: Places = {
    warehouseId: warehouse.id,
    inTypeId: m2oId(warehouse.in_type_id) || 0,
    outTypeId: m2oId(warehouse.out_type_id) || 0,
    stockId: m2oId(warehouse.lot_stock_id) || 0,
    vendorsId: await writer.ref("stock.stock_location_suppliers"),
    customersId: await writer.ref("stock.stock_location_customers"),
  };
  const name = async (model: string, id: number) =>
    String((await writer.read(model, [id], ["display_name"]))[0]?.display_name ?? "");
  return {
    ids,
    names: {
      company: Array.isArray(warehouse.company_id) ? String(warehouse.company_id[1]) : "",
      stock: await name("stock.location", ids.stockId),
      customers: await name("stock.location", ids.customersId),
      vendors: await name("stock.location", ids.vendorsId),
      receiptType: await name("stock.picking.type", ids.inTypeId),
      deliveryType: await name("stock.picking.type", ids.outTypeId),
    },
  };
}

export async function seedScenarios(writer: OdooWriter): Promise<SeededWorld> {
  const counter = countCreations(writer);
  const { ids: place, names } = await places(writer);
  const partners = await seedPartners(counter);
  const products = await seedProducts(counter);
  const moveFields = Object.keys(
    (await writer.call("stock.move", "fields_get", [], { attributes: ["type"] })) as object,
  );
  const world: SeededWorld = {
    major: writer.major,
    products,
    partners,
    lots: new Map(),
    receipts: new Map(),
    orders: {} as Record<OrderKey, SeededOrder>,
    places: names,
    created: 0,
  };
  const moveValues = (
    product: SeededProduct,
    quantity: number,
    from: number,
    to: number,
  ): Values => ({
    // stock.move lost its `name` (description) in 19.
    ...(moveFields.includes("name") ? { name: product.def.name } : {}),
    product_id: product.id,
    product_uom_qty: quantity,
    product_uom: product.uomId,
    location_id: from,
    location_dest_id: to,
  });

  for (const { serial, product } of SERIALS) {
    await receive(counter, world, place, serial, product, moveValues);
  }
  for (const key of Object.keys(ORDERS) as OrderKey[]) {
    world.orders[key] = await sell(counter, world, key, moveValues);
  }
  for (const [key, def] of Object.entries(PARTNERS) as [
    PartnerKey,
    (typeof PARTNERS)[PartnerKey],
  ][]) {
    if (def.archived) await writer.write("res.partner", [partners[key]], { active: false });
  }
  world.created = counter.created;
  return world;
}

type MoveValues = (product: SeededProduct, quantity: number, from: number, to: number) => Values;

/** A receipt from the vendor per serial, which creates the lot (Odoo's lot_name flow). */
async function receive(
  writer: OdooWriter,
  world: SeededWorld,
  place: Places,
  serial: string,
  productKey: ProductKey,
  moveValues: MoveValues,
): Promise<void> {
  const product = world.products[productKey];
  const findLot = () =>
    writer.search("stock.lot", [
      ["name", "=", serial],
      ["product_id", "=", product.id],
    ]);
  const origin = `CONF-IN ${serial} ${product.def.code}`;
  let [receipt] = await writer.searchRead(
    "stock.picking",
    [["origin", "=", origin]],
    ["name", "state"],
  );
  if (!receipt) {
    const id = await writer.create("stock.picking", {
      picking_type_id: place.inTypeId,
      partner_id: world.partners.vendor,
      location_id: place.vendorsId,
      location_dest_id: place.stockId,
      origin,
      move_ids: [[0, 0, moveValues(product, 1, place.vendorsId, place.stockId)]],
    });
    await writer.call("stock.picking", "action_confirm", [[id]]);
    [receipt] = await writer.read("stock.picking", [id], ["name", "state"]);
  }
  if (!receipt) throw new ConformanceError("CONFORMANCE_SEED", `no receipt for ${serial}`);
  if (receipt.state !== "done") {
    await validateWithLots(writer, receipt.id, () => [{ lotName: serial }]);
  }
  const [lotId] = await findLot();
  if (lotId === undefined)
    throw new ConformanceError("CONFORMANCE_SEED", `lot ${serial} was not created`);
  world.lots.set(lotKey(serial, productKey), lotId);
  world.receipts.set(lotKey(serial, productKey), String(receipt.name));
}

/** The serial each move of an order's delivery carries, from the scenario's stories. */
function lotChooser(world: SeededWorld, key: OrderKey, lineProducts: Map<number, ProductKey>) {
  return (move: MoveRow) => {
    const productKey = (Object.keys(world.products) as ProductKey[]).find(
      (k) => world.products[k].id === move.productId,
    );
    if (!productKey || world.products[productKey].def.kind !== "serial") return undefined;
    const line = move.saleLineId === false ? undefined : lineProducts.get(move.saleLineId);
    const story = SERIALS.find(
      (s) =>
        s.product === productKey &&
        s.sales.some((sale) => sale.order === key && (line ? sale.line === line : sale.extraMove)),
    );
    const lotId = story && world.lots.get(lotKey(story.serial, productKey));
    if (lotId === undefined) {
      throw new ConformanceError("CONFORMANCE_SEED", `order ${key}: no serial for move ${move.id}`);
    }
    return [{ lotId }];
  };
}

async function sell(
  writer: OdooWriter,
  world: SeededWorld,
  key: OrderKey,
  moveValues: MoveValues,
): Promise<SeededOrder> {
  const def: OrderDef = ORDERS[key];
  const orderId = await writer.findOrCreate("sale.order", [["client_order_ref", "=", def.ref]], {
    partner_id: world.partners[def.customer],
    ...(def.shipTo ? { partner_shipping_id: world.partners[def.shipTo] } : {}),
    client_order_ref: def.ref,
    order_line: def.lines.map((line) => [
      0,
      0,
      {
        product_id: world.products[line.product].id,
        product_uom_qty: line.quantity,
        price_unit: world.products[line.product].def.price,
      },
    ]),
  });
  let [order] = await writer.read("sale.order", [orderId], ["name", "state", "order_line"]);
  if (order?.state === "draft" || order?.state === "sent") {
    await writer.call("sale.order", "action_confirm", [[orderId]]);
    [order] = await writer.read("sale.order", [orderId], ["name", "state", "order_line"]);
  }
  if (!order) throw new ConformanceError("CONFORMANCE_SEED", `order ${def.ref} vanished`);
  const lineRows = await writer.read("sale.order.line", order.order_line as number[], [
    "product_id",
  ]);
  const lineProducts = new Map<number, ProductKey>();
  const lines: SeededOrder["lines"] = {};
  for (const row of lineRows) {
    const productKey = (Object.keys(world.products) as ProductKey[]).find(
      (k) => world.products[k].id === m2oId(row.product_id),
    );
    if (productKey) {
      lineProducts.set(row.id, productKey);
      lines[productKey] = row.id;
    }
  }
  const delivery = await deliveryOf(writer, orderId, String(order.name));
  const chooseLots = lotChooser(world, key, lineProducts);
  if (delivery.state !== "done") {
    await addExtraMoves(writer, world, delivery.id, def, moveValues);
    if (def.tracking) {
      await writer.write("stock.picking", [delivery.id], { carrier_tracking_ref: def.tracking });
    }
    if (def.reserveOnly) {
      await reserveLots(writer, delivery.id, (move) => chooseLots(move)?.[0]?.lotId);
    } else {
      await validateWithLots(writer, delivery.id, chooseLots);
    }
  }
  if (def.extraMoves?.length) await detachExtraMoves(writer, world, delivery.id, def);
  const seeded: SeededOrder = {
    id: orderId,
    name: String(order.name),
    lines,
    delivery: { id: delivery.id, name: String(delivery.name) },
  };
  if (def.returned) seeded.returnPicking = await returnOf(writer, delivery.id, chooseLots);
  return seeded;
}

async function deliveryOf(
  writer: OdooWriter,
  orderId: number,
  orderName: string,
): Promise<OdooRow> {
  const [delivery] = await writer.searchRead(
    "stock.picking",
    [
      ["origin", "=", orderName],
      ["picking_type_code", "=", "outgoing"],
    ],
    ["name", "state"],
    { order: "id" },
  );
  if (!delivery) throw new ConformanceError("CONFORMANCE_SEED", `order ${orderId} has no delivery`);
  return delivery;
}

/** A move added by hand to the delivery (no sale line), then confirmed with the others. */
async function addExtraMoves(
  writer: OdooWriter,
  world: SeededWorld,
  pickingId: number,
  def: OrderDef,
  moveValues: MoveValues,
): Promise<void> {
  if (!def.extraMoves?.length) return;
  const moves = await pickingMoves(writer, pickingId);
  const [picking] = await writer.read(
    "stock.picking",
    [pickingId],
    ["location_id", "location_dest_id"],
  );
  for (const productKey of def.extraMoves) {
    const product = world.products[productKey];
    if (moves.some((move) => move.productId === product.id && move.saleLineId === false)) continue;
    await writer.create("stock.move", {
      ...moveValues(
        product,
        1,
        m2oId(picking?.location_id) || 0,
        m2oId(picking?.location_dest_id) || 0,
      ),
      picking_id: pickingId,
    });
  }
  await writer.call("stock.picking", "action_confirm", [[pickingId]]);
}

/** Takes the link to the quantity-0 sale line Odoo made for each extra move away. */
async function detachExtraMoves(
  writer: OdooWriter,
  world: SeededWorld,
  pickingId: number,
  def: OrderDef,
): Promise<void> {
  const extra = new Set((def.extraMoves ?? []).map((key) => world.products[key].id));
  const ordered = new Set(def.lines.map((line) => world.products[line.product].id));
  for (const move of await pickingMoves(writer, pickingId)) {
    if (move.saleLineId !== false && extra.has(move.productId) && !ordered.has(move.productId)) {
      await writer.write("stock.move", [move.id], { sale_line_id: false });
    }
  }
}

async function returnOf(
  writer: OdooWriter,
  deliveryId: number,
  chooseLots: (move: MoveRow) => { lotId: number }[] | undefined,
): Promise<{ id: number; name: string; operation: string }> {
  const deliveryMoves = await pickingMoves(writer, deliveryId);
  const [returned] = await writer.searchRead(
    "stock.move",
    [["origin_returned_move_id", "in", deliveryMoves.map((move) => move.id)]],
    ["picking_id"],
  );
  const returnId = m2oId(returned?.picking_id) || (await createReturn(writer, deliveryId));
  const [picking] = await writer.read(
    "stock.picking",
    [returnId],
    ["name", "state", "picking_type_id"],
  );
  if (picking?.state !== "done") {
    // The return's moves are copies of the delivery's: same product, same serial back.
    const lotsByProduct = new Map(deliveryMoves.map((move) => [move.productId, chooseLots(move)]));
    await validateWithLots(writer, returnId, (move) => lotsByProduct.get(move.productId));
  }
  const type = picking?.picking_type_id;
  return {
    id: returnId,
    name: String(picking?.name ?? ""),
    operation: Array.isArray(type) ? String(type[1]) : "",
  };
}

/** Wraps the writer to count creations, so the summary can say what a run created. */
function countCreations(writer: OdooWriter): OdooWriter & { created: number } {
  const counted = Object.create(writer) as OdooWriter & { created: number };
  counted.created = 0;
  counted.create = async (model, values, context) => {
    counted.created += 1;
    return writer.create(model, values, context);
  };
  counted.findOrCreate = async (model, domain, values) => {
    const found = await writer.search(model, domain, { limit: 1 });
    return found[0] ?? (await counted.create(model, values));
  };
  return counted;
}
