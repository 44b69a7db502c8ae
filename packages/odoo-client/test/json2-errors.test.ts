import { describe, expect, it } from "vitest";
import { toNamedArguments } from "../src/json2-arguments.ts";
import { json2StatusError } from "../src/json2-errors.ts";

const odooError = (name: string, message: string) =>
  JSON.stringify({ name, message, arguments: [message], context: {}, debug: "Traceback ..." });

describe("JSON-2 statuses map to the XML-RPC codes", () => {
  it.each([
    [
      401,
      odooError("werkzeug.exceptions.Unauthorized", "Invalid apikey"),
      "ODOO_AUTH_REJECTED",
      false,
    ],
    [
      403,
      odooError("odoo.exceptions.AccessError", "You are not allowed"),
      "ODOO_ACCESS_DENIED",
      false,
    ],
    [
      404,
      odooError("werkzeug.exceptions.NotFound", "the model 'x.y' does not exist"),
      "ODOO_UNKNOWN_MODEL",
      false,
    ],
    [
      404,
      odooError("odoo.exceptions.MissingError", "Record does not exist"),
      "ODOO_USER_ERROR",
      false,
    ],
    [
      404,
      odooError("werkzeug.exceptions.NotFound", "The method 'frob' does not exist"),
      "ODOO_SERVER_ERROR",
      false,
    ],
    [404, "<html>Not Found</html>", "ODOO_PROTOCOL", false],
    [
      409,
      odooError("odoo.exceptions.ConcurrencyError", "could not serialize"),
      "ODOO_UNAVAILABLE",
      true,
    ],
    [422, odooError("odoo.exceptions.UserError", "Nope"), "ODOO_USER_ERROR", false],
    [
      500,
      odooError("builtins.ValueError", "Invalid field 'x' on model 'stock.lot'"),
      "ODOO_UNKNOWN_FIELD",
      false,
    ],
    [500, odooError("builtins.KeyError", "'x'"), "ODOO_SERVER_ERROR", false],
    [500, "<h1>Internal Server Error</h1>", "ODOO_PROTOCOL", false],
    [502, "<html>Bad Gateway</html>", "ODOO_UNAVAILABLE", true],
    [429, "", "ODOO_UNAVAILABLE", true],
    [408, "<html>Request Timeout</html>", "ODOO_UNAVAILABLE", true],
  ] as const)("HTTP %i %s -> %s", (status, body, code, retryable) => {
    expect(json2StatusError(status, body, null)).toMatchObject({
      code,
      retryable,
      httpStatus: status,
    });
  });

  it("names the database Odoo does not have, from its no-database page", () => {
    const page =
      "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>";
    expect(json2StatusError(404, page, null, "conf99")).toMatchObject({
      code: "ODOO_SERVER_ERROR",
      retryable: false,
      message:
        'Odoo has no database "conf99" (HTTP 404: "No database is selected"): check the database name',
    });
    // Any other HTML 404 is still an Odoo (or a proxy) without JSON-2.
    expect(json2StatusError(404, "<html>Not Found</html>", null, "conf99")).toMatchObject({
      code: "ODOO_PROTOCOL",
      message: "Odoo answered HTTP 404, not JSON-2 (no JSON-2 route: is this Odoo 19 or newer?)",
    });
  });

  it("keeps Retry-After of a 503 as the minimum wait", () => {
    expect(json2StatusError(503, "", "7")).toMatchObject({ retryAfterMs: 7_000, retryable: true });
  });

  it("keeps Odoo's exception name and message as data", () => {
    expect(
      json2StatusError(403, odooError("odoo.exceptions.AccessError", "no"), null),
    ).toMatchObject({
      faultCode: "odoo.exceptions.AccessError",
      faultString: "no",
    });
  });
});

describe("positional arguments become named ones", () => {
  it.each([
    [
      "search_read",
      [[["a", "=", 1]], ["name"], 5, 10, "id"],
      {},
      { domain: [["a", "=", 1]], fields: ["name"], offset: 5, limit: 10, order: "id" },
    ],
    [
      "search_read",
      [[]],
      { fields: ["name"], limit: 1 },
      { domain: [], fields: ["name"], limit: 1 },
    ],
    ["read", [[1, 2]], { fields: ["name"] }, { ids: [1, 2], fields: ["name"] }],
    ["search_count", [[]], {}, { domain: [] }],
    ["fields_get", [], { attributes: ["type"] }, { attributes: ["type"] }],
    ["has_access", [[], "read"], {}, { ids: [], operation: "read" }],
    [
      "check_access_rights",
      ["write"],
      { raise_exception: false },
      { operation: "write", raise_exception: false },
    ],
  ] as const)("%s(%j, %j)", (method, args, kwargs, body) => {
    expect(toNamedArguments(method, args, kwargs)).toEqual(body);
  });

  it("refuses too many arguments, a value given twice, and an unknown method", () => {
    expect(() => toNamedArguments("has_access", [[], "read", true], {})).toThrow(/at most 2/);
    expect(() => toNamedArguments("search_count", [[]], { domain: [] })).toThrow(/two values/);
    expect(() => toNamedArguments("write", [], {})).toThrow(/No JSON-2 argument names/);
  });
});
