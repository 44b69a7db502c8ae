/**
 * What every plan asks Odoo for: the fields of each model, the domains that find a serial's
 * records from its name alone, and the bounds that keep every answer small. The plans differ
 * only in how many requests carry them (plan/nested.ts, plan/flat.ts).
 */
import { type Domain, type DomainTerm, escapeLikePattern } from "@jsm-odoo/odoo-client";
import type { ExtraFieldModel } from "../extra-fields.ts";
import type { ServerFields } from "../fetched.ts";

/** Lots sharing one name (several products or companies) read per serial. */
export const MAX_LOTS_PER_SERIAL = 10;
/** Sale orders that ever carried one serial (sold, returned, re-sold) read per serial. */
export const MAX_ORDERS_PER_SERIAL = 10;
/** Order lines read per order (the kit rule looks for whole-word "Kit" products among them). */
export const MAX_LINES_PER_ORDER = 100;

export const LOT_FIELDS = ["name", "ref", "product_id", "company_id", "create_date"] as const;
export const MOVE_LINE_FIELDS = [
  "date",
  "reference",
  "lot_id",
  "product_id",
  "picking_id",
  "move_id",
  "location_id",
  "location_dest_id",
] as const;
export const MOVE_FIELDS = ["picking_type_id", "sale_line_id"] as const;
export const ORDER_FIELDS = [
  "name",
  "date_order",
  "client_order_ref",
  "state",
  "partner_id",
  "partner_shipping_id",
] as const;
export const PICKING_FIELDS = [
  "name",
  "date_done",
  "scheduled_date",
  "origin",
  "sale_id",
  "state",
] as const;
export const LINE_FIELDS = [
  "order_id",
  "product_id",
  "name",
  "product_uom_qty",
  "price_unit",
] as const;
export const PARTNER_FIELDS = [
  "name",
  "ref",
  "vat",
  "email",
  "phone",
  "street",
  "street2",
  "zip",
  "city",
  "state_id",
  "country_id",
] as const;
export const PRODUCT_FIELDS = ["name", "default_code"] as const;

export const DONE: DomainTerm = ["state", "=", "done"];
export const INTO_CUSTOMER: DomainTerm = ["location_dest_id.usage", "=", "customer"];
export const FROM_CUSTOMER: Domain = [
  ["location_id.usage", "=", "customer"],
  ["location_dest_id.usage", "!=", "customer"],
];
/** Odoo's own order for moves: ties on date broken by id, so answers are deterministic. */
export const NEWEST_FIRST = "date desc, id desc";
/** Lots found through modules that give `stock.lot` an `active` field must stay found. */
export const WITH_ARCHIVED = { active_test: false } as const;

/** `=ilike` with the serial escaped: exact, case-insensitive, no wildcards from user input. */
export function named(path: string, serial: string): DomainTerm {
  return [path, "=ilike", escapeLikePattern(serial)];
}

/** OR of terms in Odoo's prefix notation. */
export function anyOf(terms: readonly DomainTerm[]): Domain {
  return [...terms.slice(1).map(() => "|" as const), ...terms];
}

/** Any of the serials at the end of a dotted path, e.g. `lot_id.name` on stock.move.line. */
export function anySerial(path: string, serials: readonly string[]): Domain {
  return anyOf(serials.map((serial) => named(path, serial)));
}

/** Done move lines of the serials, the source of history, deliveries and returns. */
export function doneMoveLines(serials: readonly string[]): Domain {
  return [DONE, ...anySerial("lot_id.name", serials)];
}

/** Sale orders whose delivery pickings, or whose lines' moves, carried a serial. */
export function ordersOfSerials(serials: readonly string[]): Domain {
  return anyOf(
    serials.flatMap((serial) => [
      named("picking_ids.move_line_ids.lot_id.name", serial),
      named("order_line.move_ids.move_line_ids.lot_id.name", serial),
    ]),
  );
}

/** The fields of a model plus the operator's extra fields that exist on this server. */
export function withExtra(
  fields: readonly string[],
  server: ServerFields,
  model: ExtraFieldModel,
): string[] {
  return [...new Set([...fields, ...Object.keys(server.extra[model] ?? {})])];
}

/** stock.picking fields: `carrier_tracking_ref` only where the delivery module adds it. */
export function pickingBaseFields(server: ServerFields): string[] {
  return server.carrierTrackingRef
    ? [...PICKING_FIELDS, "carrier_tracking_ref"]
    : [...PICKING_FIELDS];
}

/** The same with the operator's extra stock.picking fields. */
export function pickingFields(server: ServerFields): string[] {
  return withExtra(pickingBaseFields(server), server, "stock.picking");
}
