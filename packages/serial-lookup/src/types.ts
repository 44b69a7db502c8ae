/**
 * The result of looking up one serial. Keys are stable: the lookup function maps them to the
 * earlier integration's flat keys, and SERIAL_RESULT_SCHEMA documents each one.
 * Odoo's `false` for an empty value is `null` here; datetimes are ISO 8601 UTC
 * (`2024-03-01T09:30:00Z`), dates `YYYY-MM-DD`.
 */
export interface SerialResult {
  /** The serial as asked (trimmed), not as Odoo spells it. */
  serial_number: string;
  /** True when a lot with that exact name (case-insensitive) exists or has done moves. */
  found: boolean;
  /** Every lot with that name, most recently moved first. */
  lots: LotInfo[];
  /** The name for the ticket, kit preferred (see README "product_name"). */
  product_name: string | null;
  /** The order of the serial's latest done delivery, when that delivery belongs to one. */
  sale_order: SaleOrderInfo | null;
  /** The serial's latest done delivery to a customer. */
  delivery: DeliveryInfo | null;
  /** True when the serial's latest done move brought it back from a customer. */
  returned: boolean;
  /** The picking of that return, when `returned`. */
  return_picking: ReturnPickingInfo | null;
  /** The sale order's customer, with the delivery address of the order. */
  customer: CustomerInfo | null;
  /** Done moves of the serial, newest first, capped (historyLimit, default 50). */
  history: HistoryEntry[];
  /** Operator-configured Odoo fields, by configured output key. */
  extra: Record<string, ExtraValue>;
}

export interface ProductInfo {
  id: number;
  name: string;
  default_code: string | null;
}

export interface LotInfo {
  id: number;
  name: string;
  ref: string | null;
  product: ProductInfo | null;
  company: string | null;
  create_date: string | null;
}

export interface SaleOrderLineInfo {
  description: string | null;
  product: string | null;
  quantity: number | null;
  price_unit: number | null;
}

export interface SaleOrderInfo {
  name: string;
  date_order: string | null;
  client_order_ref: string | null;
  state: string | null;
  /** The line(s) the serial belongs to. */
  lines: SaleOrderLineInfo[];
}

export interface DeliveryInfo {
  name: string;
  date_done: string | null;
  scheduled_date: string | null;
  /** null also where the server has no such field (no delivery module). */
  carrier_tracking_ref: string | null;
  origin: string | null;
}

export interface ReturnPickingInfo {
  name: string;
  date_done: string | null;
  origin: string | null;
}

export interface AddressInfo {
  name: string | null;
  street: string | null;
  street2: string | null;
  zip: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
}

export interface CustomerInfo {
  name: string | null;
  ref: string | null;
  vat: string | null;
  email: string | null;
  phone: string | null;
  delivery_address: AddressInfo | null;
}

export interface HistoryEntry {
  date: string | null;
  reference: string | null;
  from: string | null;
  to: string | null;
  /** The operation type (picking type) name, e.g. "WH: Delivery Orders"; null for moves without one. */
  operation: string | null;
}

/** Extra values: many2one as its display name, x2many as ids, empty as null, booleans as is. */
export type ExtraValue = string | number | boolean | number[] | null;
