/**
 * The models the integration user must be able to read and must not be able to write, create or
 * delete: exactly those the serial lookup reads (one list, owned by serial-lookup).
 */
export { LOOKUP_MODELS } from "@jsm-odoo/serial-lookup";

export const WRITE_OPERATIONS = ["write", "create", "unlink"] as const;
