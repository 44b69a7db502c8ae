/**
 * Which of one request's fetched records belong to one serial: its lots, history, delivery,
 * return, sale order and lines, customer. Selection only; `assemble.ts` shapes the result.
 */
import type { OdooRecord } from "@jsm-odoo/odoo-client";
import type { FetchedData } from "./fetched.ts";
import { serialKey } from "./parse-input.ts";
import { isKitName, lineProductName } from "./product-name.ts";
import { byId, compareDesc, isoDateTime, m2oId, m2oName } from "./values.ts";

/** One serial's records; `undefined` where Odoo has none. */
export interface SerialRecords {
  lots: OdooRecord[];
  /** Done move lines of the serial, newest first. */
  history: OdooRecord[];
  deliveryLine: OdooRecord | undefined;
  deliveryPicking: OdooRecord | undefined;
  /** The sale line the delivery move was made for. */
  saleLine: OdooRecord | undefined;
  order: OdooRecord | undefined;
  /** Every fetched line of the order. */
  orderLines: OdooRecord[];
  /** The lines that are the serial's own (see `serialLinesOf`). */
  serialLines: OdooRecord[];
  /** The return move line, set only when the serial is back from the customer. */
  returnLine: OdooRecord | undefined;
  returnPicking: OdooRecord | undefined;
  customer: OdooRecord | undefined;
  /** The order's delivery address, else the customer. */
  shipping: OdooRecord | undefined;
}

export type RecordIndex = ReturnType<typeof indexRecords>;

export function indexRecords(data: FetchedData) {
  return {
    moves: byId(data.moves),
    pickings: byId(data.pickings),
    lines: byId(data.orderLines),
    orders: byId(data.orders),
    partners: byId(data.partners),
    products: byId(data.products),
  };
}

/** The records of the serial at `position` in the request, or undefined when none was found. */
export function selectSerialRecords(
  serial: string,
  position: number,
  data: FetchedData,
  index: RecordIndex,
): SerialRecords | undefined {
  const key = serialKey(serial);
  // `=ilike` did the matching in Odoo; we compare exactly again so that one request's records
  // are never attributed to the wrong serial, and a lenient server can't widen the match.
  const lots = data.lots.filter(
    (lot) => typeof lot.name === "string" && serialKey(lot.name) === key,
  );
  // A move line is ours when its lot is one of ours by id (the lot's own `name` was checked);
  // the many2one's display name is only a fallback for lots past the lots cap, since a module
  // may decorate a lot's display name (Odoo core shows the bare name).
  const ourLotIds = new Set(lots.map((lot) => lot.id));
  const isOurs = (line: OdooRecord) => {
    const id = m2oId(line.lot_id);
    if (id !== undefined && ourLotIds.has(id)) return true;
    const name = m2oName(line.lot_id);
    return name !== null && serialKey(name) === key;
  };
  const history = (data.history[position] ?? []).filter(isOurs);
  if (lots.length === 0 && history.length === 0) return undefined;

  const deliveryLine = (data.deliveries[position] ?? []).find(isOurs);
  const returnLine = (data.returns[position] ?? []).find(isOurs);
  const deliveryPicking = lookUp(index.pickings, deliveryLine?.picking_id);
  const deliveryMove = lookUp(index.moves, deliveryLine?.move_id);
  const saleLine = lookUp(index.lines, deliveryMove?.sale_line_id);
  const orderId = m2oId(saleLine?.order_id) ?? m2oId(deliveryPicking?.sale_id);
  const order = orderId === undefined ? undefined : index.orders.get(orderId);
  const orderLines = order
    ? data.orderLines.filter((line) => m2oId(line.order_id) === order.id)
    : [];

  // Returned: the latest crossing of the customer boundary came back in. Later internal
  // moves (returns location -> stock, repair) do not undo it; a later delivery does.
  const returned =
    returnLine !== undefined && (deliveryLine === undefined || newerMove(returnLine, deliveryLine));
  const customer = lookUp(index.partners, order?.partner_id);
  return {
    lots,
    history,
    deliveryLine,
    deliveryPicking,
    saleLine,
    order,
    orderLines,
    serialLines: serialLinesOf(saleLine, orderLines, [...lots, ...history]),
    returnLine: returned ? returnLine : undefined,
    returnPicking: returned ? lookUp(index.pickings, returnLine?.picking_id) : undefined,
    customer,
    shipping: order ? (lookUp(index.partners, order.partner_shipping_id) ?? customer) : undefined,
  };
}

/**
 * The serial's own line: the one its delivery move was made for; failing that (moves created
 * by hand), the order's lines for the serial's product; failing that (a kit's component
 * delivered without link), the kit lines that name the product.
 */
function serialLinesOf(
  saleLine: OdooRecord | undefined,
  orderLines: readonly OdooRecord[],
  serialRecords: readonly OdooRecord[],
): OdooRecord[] {
  if (saleLine) return [saleLine];
  const productIds = new Set<number>();
  for (const record of serialRecords) {
    const id = m2oId(record.product_id);
    if (id !== undefined) productIds.add(id);
  }
  const productLines = orderLines.filter((line) => productIds.has(m2oId(line.product_id) ?? -1));
  if (productLines.length > 0) return productLines;
  return orderLines.filter((line) => isKitName(lineProductName(line) ?? ""));
}

/** Odoo's order for both queries, `date desc, id desc`: later date, then higher id, is newer. */
function newerMove(a: OdooRecord, b: OdooRecord): boolean {
  const order = compareDesc(isoDateTime(a.date), isoDateTime(b.date));
  return order !== 0 ? order < 0 : a.id > b.id;
}

function lookUp(records: Map<number, OdooRecord>, many2one: unknown): OdooRecord | undefined {
  const id = m2oId(many2one);
  return id === undefined ? undefined : records.get(id);
}
