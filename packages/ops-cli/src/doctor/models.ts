/**
 * The models the serial lookup reads, in the newest names (odoo-client translates them for
 * older servers: `stock.lot` is `stock.production.lot` up to Odoo 15). The integration user must
 * be able to read each one and must not be able to write, create or delete any of them.
 * test/models.test.ts keeps this list in step with packages/serial-lookup's queries.
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

export const WRITE_OPERATIONS = ["write", "create", "unlink"] as const;
