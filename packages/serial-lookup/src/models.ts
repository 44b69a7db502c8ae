/**
 * Every Odoo model a lookup needs read access to, in the newest names (odoo-client translates:
 * `stock.lot` is `stock.production.lot` up to Odoo 15): the models it searches, reads by id or
 * reads nested (a location's `usage`), and those its dotted domain paths search (Odoo checks read
 * access on every model a path searches, expression.py: the comodel's `_search`). Labels of
 * other models (operation types, companies, states, countries) Odoo computes as superuser. The
 * operator tool's `doctor` checks exactly these, read allowed and every write refused.
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
