/**
 * Pure assembly of SerialResults from fetched records, with no I/O: `serial-records.ts` picks each
 * serial's records, this file shapes them into the result, so every rule (exact matching, kit
 * preference, returns, re-sales) is unit-tested on plain records.
 */
import type { OdooRecord } from "@jsm-odoo/odoo-client";
import type { ExtraFieldModel, ExtraFieldsConfig } from "./extra-fields.ts";
import type { FetchedData, ServerFields } from "./fetched.ts";
import { productName } from "./product-name.ts";
import {
  indexRecords,
  type RecordIndex,
  type SerialRecords,
  selectSerialRecords,
} from "./serial-records.ts";
import type {
  AddressInfo,
  CustomerInfo,
  DeliveryInfo,
  ExtraValue,
  HistoryEntry,
  LotInfo,
  ReturnPickingInfo,
  SaleOrderInfo,
  SerialResult,
} from "./types.ts";
import {
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
  const index = indexRecords(data);
  return serials.map((serial, position) => {
    const records = selectSerialRecords(serial, position, data, index);
    return records
      ? serialResult(serial, records, index, settings)
      : notFound(serial, settings.extraFields);
  });
}

function serialResult(
  serial: string,
  records: SerialRecords,
  index: RecordIndex,
  settings: AssembleSettings,
): SerialResult {
  const { order, deliveryPicking, returnLine, history } = records;
  const lots = sortLots(records.lots, history, index.products);
  const extraSources: Record<ExtraFieldModel, OdooRecord | undefined> = {
    "sale.order": order,
    "sale.order.line": records.serialLines[0],
    "stock.picking": deliveryPicking,
    "stock.lot": records.lots.find((lot) => lot.id === lots[0]?.id),
    "res.partner": records.customer,
  };
  return {
    serial_number: serial,
    found: true,
    lots,
    product_name: productName(records.saleLine, records.orderLines, lots, history),
    sale_order: order ? saleOrder(order, records.serialLines) : null,
    delivery: deliveryPicking ? delivery(deliveryPicking, settings.server) : null,
    returned: returnLine !== undefined,
    return_picking: returnLine ? returnPicking(records.returnPicking, returnLine) : null,
    customer: records.customer ? customer(records.customer, records.shipping) : null,
    history: history.map((line) => historyEntry(line, index.moves)),
    extra: extras(settings, extraSources),
  };
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

function delivery(picking: OdooRecord, server: ServerFields): DeliveryInfo {
  return {
    name: nonEmptyText(picking.name) ?? "",
    date_done: isoDateTime(picking.date_done),
    scheduled_date: isoDateTime(picking.scheduled_date),
    carrier_tracking_ref: server.carrierTrackingRef
      ? nonEmptyText(picking.carrier_tracking_ref)
      : null,
    origin: nonEmptyText(picking.origin),
  };
}

/** The return's picking; failing that (past the fetched pickings), what its move line names. */
function returnPicking(
  picking: OdooRecord | undefined,
  returnLine: OdooRecord,
): ReturnPickingInfo | null {
  if (picking) {
    return {
      name: nonEmptyText(picking.name) ?? "",
      date_done: isoDateTime(picking.date_done),
      origin: nonEmptyText(picking.origin),
    };
  }
  if (!returnLine.picking_id) return null;
  return {
    name: m2oName(returnLine.picking_id) ?? "",
    date_done: isoDateTime(returnLine.date),
    origin: null,
  };
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
