/**
 * Every Odoo model a lookup needs read access to, in the newest names (odoo-client translates:
 * `stock.lot` is `stock.production.lot` up to Odoo 15). It includes models only reached through
 * dotted domain paths: `location_dest_id.usage` makes Odoo search `stock.location`, and Odoo
 * checks read access on every model a domain path searches (expression.py: the comodel's
 * `_search`). The operator tool's `doctor` checks exactly these, read allowed and every write
 * refused.
 */
export const LOOKUP_MODELS = [
  "stock.lot",
  "stock.move.line",
  "stock.move",
  "stock.picking",
  "stock.location",
  "sale.order",
  "sale.order.line",
  "res.partner",
  "product.product",
] as const;

export type LookupModel = (typeof LOOKUP_MODELS)[number];
