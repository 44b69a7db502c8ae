import type { IncomingMessage } from "node:http";
import { faultToError, OdooError } from "./errors.ts";

/** Socket-level failures worth another attempt: the request never got a usable answer. */
const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "EADDRNOTAVAIL",
]);

/** Statuses a proxy in front of Odoo sends when Odoo is busy or restarting. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

interface WireError {
  message?: unknown;
  code?: unknown;
  faultCode?: unknown;
  faultString?: unknown;
  res?: IncomingMessage;
}

export function abortedError(reason: unknown): OdooError {
  return new OdooError("ODOO_ABORTED", "Odoo request aborted", { cause: reason });
}

/**
 * Turns what odoo-await / xmlrpc / node:http throw into an OdooError. xmlrpc attaches the
 * response as a non-enumerable `res` on parse errors (and on 404), which is how we see the HTTP
 * status: it does not check the status itself and tries to parse any body as XML.
 */
export function classifyWireError(error: unknown): OdooError {
  if (error instanceof OdooError) return error;
  if (typeof error !== "object" || error === null) {
    return new OdooError("ODOO_PROTOCOL", `Unexpected answer from Odoo: ${String(error)}`);
  }
  const wire = error as WireError;
  if (wire.faultCode !== undefined) return faultToError(wire.faultCode, wire.faultString);

  const res = wire.res;
  if (res !== undefined) {
    // The body was not (fully) consumed: drop this socket rather than return it to the pool.
    res.destroy();
    const status = res.statusCode ?? 0;
    if (TRANSIENT_STATUSES.has(status)) {
      return new OdooError("ODOO_UNAVAILABLE", `Odoo is unavailable (HTTP ${status})`, {
        retryable: true,
        httpStatus: status,
        retryAfterMs: parseRetryAfter(res.headers["retry-after"]),
        cause: error,
      });
    }
    if (status !== 200) {
      return new OdooError("ODOO_PROTOCOL", `Odoo answered HTTP ${status}, not XML-RPC`, {
        httpStatus: status,
        cause: error,
      });
    }
    return new OdooError("ODOO_PROTOCOL", "Odoo's answer is not a valid XML-RPC response", {
      httpStatus: status,
      cause: error,
    });
  }

  const code = typeof wire.code === "string" ? wire.code : undefined;
  if (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) {
    return new OdooError("ODOO_UNAVAILABLE", `Odoo is unreachable (${code})`, {
      retryable: true,
      cause: error,
    });
  }
  if (code === "ENOTFOUND") {
    // A DNS name that does not exist is a configuration problem, not a blip.
    return new OdooError("ODOO_UNAVAILABLE", "Odoo host not found (ENOTFOUND)", { cause: error });
  }
  if (code === "ERR_STREAM_PREMATURE_CLOSE") {
    return new OdooError("ODOO_UNAVAILABLE", "Odoo closed the connection", {
      retryable: true,
      cause: error,
    });
  }
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) {
    return new OdooError("ODOO_UNAVAILABLE", `TLS failure talking to Odoo (${code})`, {
      cause: error,
    });
  }
  const message = typeof wire.message === "string" ? wire.message : "unknown error";
  return new OdooError("ODOO_PROTOCOL", `Unexpected failure talking to Odoo: ${message}`, {
    cause: error,
  });
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === "") return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
