import { OdooError } from "./errors.ts";
import { toNamedArguments } from "./json2-arguments.ts";
import { json2NetworkError, json2StatusError } from "./json2-errors.ts";
import type { ExecuteKwRequest, OdooTransport, TransportCall } from "./transport.ts";
import { abortedError } from "./wire-errors.ts";

export interface Json2TransportOptions {
  url: string;
  db: string;
  /** An API key: JSON-2 authenticates with `Authorization: bearer <key>` only, never a password. */
  apiKey: string;
  /** Login of the key's user; only used to tell `authenticate()` the uid. */
  username?: string;
}

/**
 * JSON-2, Odoo 19+ (`POST /json/2/<model>/<method>`, Odoo's "External JSON-2 API"), with Node's
 * `fetch` (undici): keep-alive is undici's default, and the AbortSignal really aborts (undici
 * destroys the socket of a request whose signal fires, headers or body pending).
 *
 * There is no login call: every request carries the key. `authenticate()` checks the key and
 * learns the uid with one `res.users/search` by login (every internal user may read users).
 * When the key is valid but that search is denied or finds nothing visible, it answers uid 0:
 * JSON-2 requests carry no uid, so nothing depends on it.
 */
export function createJson2Transport(options: Json2TransportOptions): OdooTransport {
  const base = options.url.replace(/\/+$/, "");
  const closing = new AbortController();
  const headers = {
    Authorization: `bearer ${options.apiKey}`,
    "Content-Type": "application/json; charset=utf-8",
    Accept: "application/json",
    "X-Odoo-Database": options.db,
    "User-Agent": "jsm-odoo/odoo-client (json2)",
  };

  async function request(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    call: TransportCall,
  ): Promise<unknown> {
    if (closing.signal.aborted) throw abortedError("transport closed");
    if (call.signal.aborted) throw abortedError(call.signal.reason);
    const signal = AbortSignal.any([call.signal, closing.signal]);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: method === "GET" ? { "User-Agent": headers["User-Agent"] } : headers,
        body: method === "GET" ? undefined : JSON.stringify(body),
        signal,
        redirect: "error",
      });
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw abortedError(signal.reason);
      throw json2NetworkError(error);
    }
    if (status !== 200) {
      throw json2StatusError(status, text, retryAfter, method === "POST" ? options.db : undefined);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new OdooError("ODOO_PROTOCOL", "Odoo's answer is not valid JSON", {
        httpStatus: status,
        cause: error,
      });
    }
  }

  const modelPath = (model: string, method: string) =>
    `/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`;

  return {
    kind: "json2",
    version: (call) => request("GET", "/web/version", undefined, call),
    async authenticate(call) {
      const domain = options.username ? [["login", "=", options.username]] : [];
      try {
        const ids = await request(
          "POST",
          modelPath("res.users", "search"),
          { domain, limit: 1, context: { active_test: false } },
          call,
        );
        return Array.isArray(ids) && typeof ids[0] === "number" && ids[0] > 0 ? ids[0] : 0;
      } catch (error) {
        if (error instanceof OdooError && error.code === "ODOO_AUTH_REJECTED") return false;
        // The key passed (401 comes first); only the uid is hidden from this user.
        if (error instanceof OdooError && error.code === "ODOO_ACCESS_DENIED") return 0;
        throw error;
      }
    },
    executeKw(req: ExecuteKwRequest, call) {
      let body: Record<string, unknown>;
      try {
        body = toNamedArguments(req.method, req.args, req.kwargs);
      } catch (error) {
        return Promise.reject(error);
      }
      return request("POST", modelPath(req.model, req.method), body, call);
    },
    close() {
      closing.abort("transport closed");
    },
  };
}
