import type { OdooRecord } from "@jsm-odoo/odoo-client";
import type { ExtraFieldModel } from "./extra-fields.ts";

/**
 * Everything one request fetched from Odoo, as plain records (canonical field names, values as
 * search_read/read return them). `assembleResults` turns it into SerialResults without I/O,
 * which is what the unit tests exercise.
 */
export interface FetchedData {
  /** stock.lot records named like any requested serial. */
  lots: OdooRecord[];
  /** Per requested serial (same index), its done stock.move.line records, newest first. */
  history: OdooRecord[][];
  /** Per requested serial, its latest done move line into a customer location (0 or 1). */
  deliveries: OdooRecord[][];
  /** Per requested serial, its latest done move line out of a customer location (0 or 1). */
  returns: OdooRecord[][];
  /** sale.order records whose pickings or lines carried any requested serial. */
  orders: OdooRecord[];
  /** stock.move `picking_type_id`, `sale_line_id` of the move lines above. */
  moves: OdooRecord[];
  /** stock.picking of the deliveries and of the returns. */
  pickings: OdooRecord[];
  /** sale.order.line of the orders: the serials' lines and kit-named lines. */
  orderLines: OdooRecord[];
  /** res.partner customers and delivery addresses of the orders (archived included). */
  partners: OdooRecord[];
  /** product.product of the lots (name and internal reference). */
  products: OdooRecord[];
}

export function emptyFetchedData(serialCount: number): FetchedData {
  return {
    lots: [],
    history: Array.from({ length: serialCount }, () => []),
    deliveries: Array.from({ length: serialCount }, () => []),
    returns: Array.from({ length: serialCount }, () => []),
    orders: [],
    moves: [],
    pickings: [],
    orderLines: [],
    partners: [],
    products: [],
  };
}

/** What init() learned from fields_get: which configured fields exist, and their types. */
export interface ServerFields {
  /** stock.picking `carrier_tracking_ref` exists (delivery / stock_delivery module installed). */
  carrierTrackingRef: boolean;
  /**
   * stock.move.line has `location_usage` / `location_dest_usage` (Odoo 16+), so the flat plan
   * tells deliveries from returns without asking for the customer locations.
   */
  moveLineUsage: boolean;
  /** Extra fields that exist on the server, with their fields_get type, by model. */
  extra: Partial<Record<ExtraFieldModel, Record<string, string>>>;
}
