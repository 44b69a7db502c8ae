import { OdooError } from "./errors.ts";
import type { OdooTransport } from "./transport.ts";

/**
 * The only model methods this client ever sends. Everything else (`create`, `write`, `unlink`,
 * `copy`, `action_*`, `button_*`, `message_post`, private `_...` names) is refused here, before
 * any byte leaves the process. An allow-list, not a deny-list: unknown means no.
 */
export const READ_METHODS = [
  "search",
  "search_read",
  "read",
  "search_count",
  "fields_get",
  "check_access_rights",
  "has_access",
  // Odoo 17+ reads with a nested specification (addons/web/models/models.py): search + read.
  "web_search_read",
  "web_read",
] as const;

export type ReadMethod = (typeof READ_METHODS)[number];

const ALLOWED: ReadonlySet<string> = new Set(READ_METHODS);

function isReadMethod(method: unknown): method is ReadMethod {
  return typeof method === "string" && ALLOWED.has(method);
}

export function assertReadMethod(method: unknown): asserts method is ReadMethod {
  if (!isReadMethod(method)) {
    const shown = typeof method === "string" ? method.slice(0, 80) : typeof method;
    throw new OdooError(
      "ODOO_REFUSED_METHOD",
      `Refused to call "${shown}": this Odoo client only reads (${READ_METHODS.join(", ")})`,
    );
  }
}

/** Wraps any transport (custom ones included) so that even a bypass of the client is read-only. */
export function readOnlyTransport(transport: OdooTransport): OdooTransport {
  return {
    kind: transport.kind,
    version: (call) => transport.version(call),
    authenticate: (call) => transport.authenticate(call),
    executeKw(request, call) {
      try {
        assertReadMethod(request.method);
      } catch (error) {
        return Promise.reject(error);
      }
      return transport.executeKw(request, call);
    },
    close: () => transport.close(),
  };
}
