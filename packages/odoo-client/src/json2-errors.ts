import { OdooError } from "./errors.ts";
import { classifyWireError, parseRetryAfter } from "./wire-errors.ts";

/**
 * JSON-2 errors are HTTP statuses with a JSON body `{name, message, arguments, context, debug}`
 * (Odoo 19 "External JSON-2 API", Response). Mapped to the same codes as XML-RPC faults, so
 * callers cannot tell the protocols apart.
 */
interface Json2ErrorBody {
  name?: unknown;
  message?: unknown;
}

// 408: a proxy gave up waiting for the request; like 429 and the gateway errors, try again.
const TRANSIENT_STATUSES = new Set([408, 429, 502, 503, 504]);

/** undici's socket-level failures (fetch rejects with TypeError("fetch failed", { cause })). */
const TRANSIENT_UNDICI_CODES = new Set([
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export function json2NetworkError(error: unknown): OdooError {
  const cause = error instanceof TypeError && error.cause !== undefined ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === "string" && TRANSIENT_UNDICI_CODES.has(code)) {
    return new OdooError("ODOO_UNAVAILABLE", `Odoo closed the connection (${code})`, {
      retryable: true,
      cause,
    });
  }
  return classifyWireError(cause);
}

function parseBody(text: string): Json2ErrorBody | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Json2ErrorBody)
      : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

/** Odoo's page for a request it cannot tie to a database (odoo/http.py NOT_FOUND_NODB). */
const NO_DATABASE_PAGE = "No database is selected";

export function json2StatusError(
  status: number,
  text: string,
  retryAfter: string | null,
  database?: string,
): OdooError {
  if (TRANSIENT_STATUSES.has(status)) {
    return new OdooError("ODOO_UNAVAILABLE", `Odoo is unavailable (HTTP ${status})`, {
      retryable: true,
      httpStatus: status,
      retryAfterMs: parseRetryAfter(retryAfter ?? undefined),
    });
  }
  const body = parseBody(text);
  if (body === undefined || typeof body.name !== "string") {
    // Odoo 19 serves JSON-2 per database: an X-Odoo-Database it does not have gets this page.
    if (status === 404 && text.includes(NO_DATABASE_PAGE)) {
      const named = database === undefined ? "the database" : `database "${database}"`;
      return new OdooError(
        "ODOO_SERVER_ERROR",
        `Odoo has no ${named} (HTTP 404: "No database is selected"): check the database name`,
        { httpStatus: status },
      );
    }
    // An HTML 404 is an Odoo without the route (before 19), or a proxy's page.
    const hint = status === 404 ? " (no JSON-2 route: is this Odoo 19 or newer?)" : "";
    return new OdooError("ODOO_PROTOCOL", `Odoo answered HTTP ${status}, not JSON-2${hint}`, {
      httpStatus: status,
    });
  }
  const name = body.name;
  const message = typeof body.message === "string" ? body.message : "";
  const data = { httpStatus: status, faultCode: name, faultString: message };
  const shown = firstLine(message);
  switch (status) {
    case 401:
      return new OdooError("ODOO_AUTH_REJECTED", "Odoo rejected the API key", data);
    case 403:
      return new OdooError("ODOO_ACCESS_DENIED", `Odoo denied access: ${shown}`, data);
    case 404:
      if (/model .* does not exist/i.test(message)) {
        return new OdooError("ODOO_UNKNOWN_MODEL", `Unknown Odoo model: ${shown}`, data);
      }
      if (name === "odoo.exceptions.MissingError") {
        return new OdooError("ODOO_USER_ERROR", `Odoo refused the request: ${shown}`, data);
      }
      // Unknown or private method: XML-RPC reports it as a server error (AttributeError).
      return new OdooError("ODOO_SERVER_ERROR", `Odoo server error: ${shown}`, data);
    case 409:
      // A lock or serialization conflict Odoo did not resolve with its own retries.
      return new OdooError("ODOO_UNAVAILABLE", `Odoo reported a conflict: ${shown}`, {
        ...data,
        retryable: true,
      });
    case 400:
    case 422:
      return new OdooError("ODOO_USER_ERROR", `Odoo refused the request: ${shown}`, data);
    default:
      if (/Invalid field|Unknown field|has no field|no field named/i.test(message)) {
        return new OdooError("ODOO_UNKNOWN_FIELD", `Unknown Odoo field: ${shown}`, data);
      }
      return new OdooError("ODOO_SERVER_ERROR", `Odoo server error: ${shown}`, data);
  }
}
