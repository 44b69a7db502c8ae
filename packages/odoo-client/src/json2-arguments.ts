import { OdooError } from "./errors.ts";

/**
 * JSON-2 takes named arguments only (Odoo 19 "External JSON-2 API": the body's keys are the
 * method's parameters, plus `ids` for the recordset and `context`). The client builds
 * execute_kw-style positional `args`; these are the parameter names, in order, of each read
 * method it may send (odoo/models.py, Odoo 19). `read` and `has_access` run on records: their
 * first positional argument is the recordset, sent as `ids`.
 */
const PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  search: ["domain", "offset", "limit", "order"],
  search_read: ["domain", "fields", "offset", "limit", "order"],
  read: ["ids", "fields", "load"],
  search_count: ["domain", "limit"],
  fields_get: ["allfields", "attributes"],
  check_access_rights: ["operation", "raise_exception"],
  has_access: ["ids", "operation"],
  web_search_read: ["domain", "specification", "offset", "limit", "order", "count_limit"],
  web_read: ["ids", "specification"],
};

export function toNamedArguments(
  method: string,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const names = PARAMETERS[method];
  if (names === undefined) {
    throw new OdooError("ODOO_REFUSED_METHOD", `No JSON-2 argument names known for "${method}"`);
  }
  if (args.length > names.length) {
    throw new OdooError(
      "ODOO_PROTOCOL",
      `${method}() takes at most ${names.length} arguments, ${args.length} given`,
    );
  }
  const body: Record<string, unknown> = {};
  args.forEach((value, index) => {
    body[names[index] as string] = value;
  });
  for (const [key, value] of Object.entries(kwargs)) {
    if (key in body) {
      throw new OdooError("ODOO_PROTOCOL", `${method}() got two values for "${key}"`);
    }
    body[key] = value;
  }
  return body;
}
