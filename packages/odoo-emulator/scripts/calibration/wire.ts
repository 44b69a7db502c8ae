/**
 * One Odoo request per call, timed from sending to the last byte of the answer, over a kept-alive
 * connection on the same machine: the time a worker spent on it, plus a loopback round trip.
 * Raw XML-RPC, JSON-RPC and JSON-2 (not our odoo-client: its retries, pacing and parsing must not
 * be in the figure). The answer is checked after the clock stops.
 */
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";

const require = createRequire(import.meta.url);
const serializer = require("xmlrpc/lib/serializer") as {
  serializeMethodCall(method: string, params: unknown[]): string;
};
const Deserializer = require("xmlrpc/lib/deserializer") as new () => {
  deserializeMethodResponse(
    stream: PassThrough,
    done: (error: unknown, value: unknown) => void,
  ): void;
};

export type Protocol = "xmlrpc" | "jsonrpc" | "json2";

export interface CalibrationTarget {
  url: string;
  db: string;
  login: string;
  password: string;
  /** For JSON-2 (Odoo 19+). */
  apiKey?: string;
}

/** A prepared request: `send()` resolves with the elapsed milliseconds and the parsed answer. */
export interface Request {
  send(): Promise<{ ms: number; answer: unknown }>;
}

const timed = async (
  url: string,
  init: RequestInit,
): Promise<{ ms: number; text: string; status: number }> => {
  const start = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { ms: performance.now() - start, text, status: response.status };
};

const parseXml = (text: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const stream = new PassThrough();
    new Deserializer().deserializeMethodResponse(stream, (error, value) =>
      error
        ? reject(new Error(`XML-RPC fault: ${JSON.stringify(error).slice(0, 300)}`))
        : resolve(value),
    );
    stream.end(text);
  });

export const xmlrpc = (
  server: CalibrationTarget,
  service: string,
  method: string,
  params: unknown[],
): Request => {
  const body = serializer.serializeMethodCall(method, params);
  return {
    async send() {
      const { ms, text } = await timed(`${server.url}/xmlrpc/2/${service}`, {
        method: "POST",
        headers: { "Content-Type": "text/xml" },
        body,
      });
      return { ms, answer: await parseXml(text) };
    },
  };
};

export const jsonrpc = (
  server: CalibrationTarget,
  service: string,
  method: string,
  args: unknown[],
): Request => {
  const body = JSON.stringify({
    jsonrpc: "2.0",
    method: "call",
    params: { service, method, args },
    id: 1,
  });
  return {
    async send() {
      const { ms, text } = await timed(`${server.url}/jsonrpc`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      const parsed = JSON.parse(text) as {
        result?: unknown;
        error?: { data?: { message?: string } };
      };
      if (parsed.error)
        throw new Error(`JSON-RPC error: ${parsed.error.data?.message ?? text.slice(0, 300)}`);
      return { ms, answer: parsed.result };
    },
  };
};

export const json2 = (
  server: CalibrationTarget,
  model: string,
  method: string,
  params: object,
): Request => {
  const body = JSON.stringify(params);
  return {
    async send() {
      const { ms, text, status } = await timed(`${server.url}/json/2/${model}/${method}`, {
        method: "POST",
        headers: {
          Authorization: `bearer ${server.apiKey ?? ""}`,
          "Content-Type": "application/json",
          "X-Odoo-Database": server.db,
        },
        body,
      });
      if (status !== 200)
        throw new Error(`JSON-2 ${model}/${method}: HTTP ${status} ${text.slice(0, 300)}`);
      return { ms, answer: JSON.parse(text) };
    },
  };
};

/** `GET /web/version` (Odoo 19+): no authentication, no database. */
export const webVersion = (server: CalibrationTarget): Request => ({
  async send() {
    const { ms, text, status } = await timed(`${server.url}/web/version`, { method: "GET" });
    if (status !== 200) throw new Error(`GET /web/version: HTTP ${status}`);
    return { ms, answer: JSON.parse(text) };
  },
});

/** An ORM call over the given protocol; `ids` are the records of a record method (`read`). */
export const ormCall = (
  server: CalibrationTarget,
  uid: number,
  protocol: Protocol,
  model: string,
  method: string,
  kwargs: Record<string, unknown>,
  ids?: number[],
): Request => {
  if (protocol === "json2") return json2(server, model, method, ids ? { ids, ...kwargs } : kwargs);
  const args = [server.db, uid, server.password, model, method, ids ? [ids] : [], kwargs];
  return protocol === "xmlrpc"
    ? xmlrpc(server, "object", "execute_kw", args)
    : jsonrpc(server, "object", "execute_kw", args);
};
