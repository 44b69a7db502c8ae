/**
 * Pure assembly of SerialResults from fetched records: no I/O, so every rule of the lookup
 * (exact matching, kit preference, returns, re-sales) is unit-tested on plain records.
 */
import type { OdooRecord } from "@jsm-odoo/odoo-client";
import type { ExtraFieldModel, ExtraFieldsConfig } from "./extra-fields.ts";
import type { FetchedData, ServerFields } from "./fetched.ts";
import { serialKey } from "./parse-input.ts";
import { isKitName, lineProductName, productName } from "./product-name.ts";
import type {
  AddressInfo,
  CustomerInfo,
  ExtraValue,
  HistoryEntry,
  LotInfo,
  SaleOrderInfo,
  SerialResult,
} from "./types.ts";
import {
  byId,
  compareDesc,
  extraValue,
  isoDateTime,
  m2oId,
  m2oName,
  nonEmptyText,
  num,
  productNameFromDisplay,
} from "./values.ts";

export interface AssembleSettings {
  extraFields: ExtraFieldsConfig;
  server: ServerFields;
}

/** One result per requested serial, in request order. */
export function assembleResults(
  serials: readonly string[],
  data: FetchedData,
  settings: AssembleSettings,
): SerialResult[] {
  const index = {
    moves: byId(data.moves),
    pickings: byId(data.pickings),
    lines: byId(data.orderLines),
    orders: byId(data.orders),
    partners: byId(data.partners),
    products: byId(data.products),
  };
  return serials.map((serial, position) => {
    const key = serialKey(serial);
    // `=ilike` did the matching in Odoo; we compare exactly again so that one request's records
    // are never attributed to the wrong serial, and a lenient server can't widen the match.
    const lotRecords = data.lots.filter(
      (lot) => typeof lot.name === "string" && serialKey(lot.name) === key,
    );
    // A move line is ours when its lot is one of ours by id (the lot's own `name` was checked);
    // the many2one's display name is only a fallback for lots past the lots cap, since a module
    // may decorate a lot's display name (Odoo core shows the bare name).
    const ourLotIds = new Set(lotRecords.map((lot) => lot.id));
    const isOurs = (lot: unknown) => {
      const id = m2oId(lot);
      if (id !== undefined && ourLotIds.has(id)) return true;
      const name = m2oName(lot);
      return name !== null && serialKey(name) === key;
    };
    const history = (data.history[position] ?? []).filter((line) => isOurs(line.lot_id));
    const deliveryLine = (data.deliveries[position] ?? []).find((line) => isOurs(line.lot_id));
    const returnLine = (data.returns[position] ?? []).find((line) => isOurs(line.lot_id));

    const found = lotRecords.length > 0 || history.length > 0;
    if (!found) return notFound(serial, settings.extraFields);

    const deliveryPicking = index.pickings.get(m2oId(deliveryLine?.picking_id) ?? -1);
    const deliveryMove = index.moves.get(m2oId(deliveryLine?.move_id) ?? -1);
    const saleLine = index.lines.get(m2oId(deliveryMove?.sale_line_id) ?? -1);
    const orderId = m2oId(saleLine?.order_id) ?? m2oId(deliveryPicking?.sale_id);
    const order = orderId === undefined ? undefined : index.orders.get(orderId);

    const productIds = new Set<number>();
    for (const record of [...lotRecords, ...history]) {
      const id = m2oId(record.product_id);
      if (id !== undefined) productIds.add(id);
    }
    const linesOfOrder = order
      ? data.orderLines.filter((line) => m2oId(line.order_id) === order.id)
      : [];
    // The serial's own line: the one its delivery move was made for; failing that (moves
    // created by hand), the order's lines for the serial's product; failing that (a kit's
    // component delivered without link), the kit lines that name the product.
    const productLines = linesOfOrder.filter((line) =>
      productIds.has(m2oId(line.product_id) ?? -1),
    );
    const serialLines = saleLine
      ? [saleLine]
      : productLines.length > 0
        ? productLines
        : linesOfOrder.filter((line) => isKitName(lineProductName(line) ?? ""));

    // Returned: the latest crossing of the customer boundary came back in. Later internal
    // moves (returns location -> stock, repair) do not undo it; a later delivery does.
    const returned =
      returnLine !== undefined &&
      (deliveryLine === undefined || newerMove(returnLine, deliveryLine));
    const returnPicking = returned
      ? index.pickings.get(m2oId(returnLine?.picking_id) ?? -1)
      : undefined;

    const lots = sortLots(lotRecords, history, index.products);
    const customerPartner = order ? index.partners.get(m2oId(order.partner_id) ?? -1) : undefined;
    const shippingPartner = order
      ? (index.partners.get(m2oId(order.partner_shipping_id) ?? -1) ?? customerPartner)
      : undefined;

    const records: Record<ExtraFieldModel, OdooRecord | undefined> = {
      "sale.order": order,
      "sale.order.line": serialLines[0],
      "stock.picking": deliveryPicking,
      "stock.lot": lotRecords.find((lot) => lot.id === lots[0]?.id),
      "res.partner": customerPartner,
    };
    return {
      serial_number: serial,
      found: true,
      lots,
      product_name: productName(saleLine, linesOfOrder, lots, history),
      sale_order: order ? saleOrder(order, serialLines) : null,
      delivery: deliveryPicking
        ? {
            name: nonEmptyText(deliveryPicking.name) ?? "",
            date_done: isoDateTime(deliveryPicking.date_done),
            scheduled_date: isoDateTime(deliveryPicking.scheduled_date),
            carrier_tracking_ref: settings.server.carrierTrackingRef
              ? nonEmptyText(deliveryPicking.carrier_tracking_ref)
              : null,
            origin: nonEmptyText(deliveryPicking.origin),
          }
        : null,
      returned,
      return_picking: returned
        ? returnPicking
          ? {
              name: nonEmptyText(returnPicking.name) ?? "",
              date_done: isoDateTime(returnPicking.date_done),
              origin: nonEmptyText(returnPicking.origin),
            }
          : returnLine?.picking_id
            ? {
                name: m2oName(returnLine.picking_id) ?? "",
                date_done: isoDateTime(returnLine.date),
                origin: null,
              }
            : null
        : null,
      customer: customerPartner ? customer(customerPartner, shippingPartner) : null,
      history: history.map((line) => historyEntry(line, index.moves)),
      extra: extras(settings, records),
    };
  });
}

function notFound(serial: string, extraFields: ExtraFieldsConfig): SerialResult {
  return {
    serial_number: serial,
    found: false,
    lots: [],
    product_name: null,
    sale_order: null,
    delivery: null,
    returned: false,
    return_picking: null,
    customer: null,
    history: [],
    extra: Object.fromEntries(extraFields.map((field) => [field.key, null])),
  };
}

/** Odoo's order for both queries, `date desc, id desc`: later date, then higher id, is newer. */
function newerMove(a: OdooRecord, b: OdooRecord): boolean {
  const order = compareDesc(isoDateTime(a.date), isoDateTime(b.date));
  return order !== 0 ? order < 0 : a.id > b.id;
}

/** Most recently moved first; lots never moved (in the fetched history) after, newest first. */
function sortLots(
  lots: readonly OdooRecord[],
  history: readonly OdooRecord[],
  products: Map<number, OdooRecord>,
): LotInfo[] {
  const lastMove = new Map<number, string | null>();
  for (const line of history) {
    const id = m2oId(line.lot_id);
    if (id !== undefined && !lastMove.has(id)) lastMove.set(id, isoDateTime(line.date));
  }
  return lots
    .map((lot) => ({ lot, moved: lastMove.get(lot.id) ?? null }))
    .sort(
      (a, b) =>
        compareDesc(a.moved, b.moved) ||
        compareDesc(isoDateTime(a.lot.create_date), isoDateTime(b.lot.create_date)) ||
        b.lot.id - a.lot.id,
    )
    .map(({ lot }) => {
      const productId = m2oId(lot.product_id);
      const product = products.get(productId ?? -1);
      return {
        id: lot.id,
        name: nonEmptyText(lot.name) ?? "",
        ref: nonEmptyText(lot.ref),
        product:
          productId === undefined
            ? null
            : {
                id: productId,
                name:
                  nonEmptyText(product?.name) ??
                  productNameFromDisplay(m2oName(lot.product_id)) ??
                  "",
                default_code: product ? nonEmptyText(product.default_code) : null,
              },
        company: m2oName(lot.company_id),
        create_date: isoDateTime(lot.create_date),
      };
    });
}

function saleOrder(order: OdooRecord, lines: readonly OdooRecord[]): SaleOrderInfo {
  return {
    name: nonEmptyText(order.name) ?? "",
    date_order: isoDateTime(order.date_order),
    client_order_ref: nonEmptyText(order.client_order_ref),
    state: nonEmptyText(order.state),
    lines: lines.map((line) => ({
      description: nonEmptyText(line.name),
      product: productNameFromDisplay(m2oName(line.product_id)),
      quantity: num(line.product_uom_qty),
      price_unit: num(line.price_unit),
    })),
  };
}

function customer(partner: OdooRecord, shipping: OdooRecord | undefined): CustomerInfo {
  return {
    name: nonEmptyText(partner.name),
    ref: nonEmptyText(partner.ref),
    vat: nonEmptyText(partner.vat),
    email: nonEmptyText(partner.email),
    phone: nonEmptyText(partner.phone),
    delivery_address: shipping ? address(shipping) : null,
  };
}

function address(partner: OdooRecord): AddressInfo {
  return {
    name: nonEmptyText(partner.name),
    street: nonEmptyText(partner.street),
    street2: nonEmptyText(partner.street2),
    zip: nonEmptyText(partner.zip),
    city: nonEmptyText(partner.city),
    state: m2oName(partner.state_id),
    country: m2oName(partner.country_id),
  };
}

function historyEntry(line: OdooRecord, moves: Map<number, OdooRecord>): HistoryEntry {
  const move = moves.get(m2oId(line.move_id) ?? -1);
  return {
    date: isoDateTime(line.date),
    reference: nonEmptyText(line.reference),
    from: m2oName(line.location_id),
    to: m2oName(line.location_dest_id),
    operation: m2oName(move?.picking_type_id),
  };
}

function extras(
  settings: AssembleSettings,
  records: Record<ExtraFieldModel, OdooRecord | undefined>,
): Record<string, ExtraValue> {
  const out: Record<string, ExtraValue> = {};
  for (const { key, model, field } of settings.extraFields) {
    const type = settings.server.extra[model]?.[field];
    // A field init() found missing on the server is reported once there and null here.
    out[key] = type === undefined ? null : extraValue(records[model]?.[field], type);
  }
  return out;
}
