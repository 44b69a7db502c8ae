/**
 * The models the integration user must be able to read and must not be able to write, create or
 * delete: exactly those the serial lookup reads (one list, owned by serial-lookup).
 */
export { LOOKUP_MODELS } from "@jsm-odoo/serial-lookup";

export const WRITE_OPERATIONS = ["write", "create", "unlink"] as const;

/**
 * Odoo's own grant no group setup removes: stock's `ir.model.access.csv` gives every internal
 * user (`base.group_user`) read, write, create and unlink on `stock.move.line`, in every version
 * from 13 to 19. A user set up exactly as docs/odoo-integration-user.md says has it; the
 * integration stays read-only all the same, because the client refuses every write method.
 */
export const ODOO_DEFAULT_GRANT = {
  model: "stock.move.line",
  operations: ["write", "create", "unlink"],
  rule: 'stock.access_stock_move_line_all ("stock.move.line all users")',
  group: "base.group_user (Internal User)",
} as const;
