import { once } from "node:events";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo, Socket } from "node:net";

// xmlrpc's own (de)serializer: the bytes are exactly what an XML-RPC peer would send.
const require = createRequire(import.meta.url);
const Serializer = require("xmlrpc/lib/serializer") as {
  serializeMethodResponse(value: unknown): string;
  serializeFault(fault: { faultCode: number; faultString: string }): string;
};
const Deserializer = require("xmlrpc/lib/deserializer") as new () => {
  deserializeMethodCall(
    stream: NodeJS.ReadableStream,
    callback: (error: Error | null, method: string, params: unknown[]) => void,
  ): void;
};

export interface WireRequest {
  path: string;
  method: string;
  params: unknown[];
  /** For `execute_kw`: model and model method (the rest of `params` is as sent). */
  model?: string;
  modelMethod?: string;
  /** The server-side socket, to tell reused keep-alive connections from new ones. */
  socket: Socket;
}

export type Reply =
  | { result: unknown }
  | { fault: { faultCode: number; faultString: string } }
  | { status: number; body: string; headers?: Record<string, string> }
  | { hang: true }
  | { reset: true };

export interface FakeOdoo {
  url: string;
  requests: WireRequest[];
  /** Wire requests so far, optionally only those for one (model) method. */
  count(method?: string): number;
  /** Hung requests whose connection the client closed (proof the request was really aborted). */
  abortedHangs(): number;
  close(): Promise<void>;
}

export async function startFakeOdoo(
  handler: (request: WireRequest) => Reply | Promise<Reply>,
): Promise<FakeOdoo> {
  const requests: WireRequest[] = [];
  let abortedHangs = 0;
  const server = http.createServer((req, res) => {
    new Deserializer().deserializeMethodCall(req, async (error, method, params) => {
      if (error) {
        res.writeHead(400).end("bad request");
        return;
      }
      const request: WireRequest = { path: req.url ?? "", method, params, socket: req.socket };
      if (method === "execute_kw") {
        request.model = params[3] as string;
        request.modelMethod = params[4] as string;
      }
      requests.push(request);
      const reply = await handler(request);
      if ("hang" in reply) {
        res.on("close", () => {
          if (!res.writableEnded) abortedHangs += 1;
        });
        return;
      }
      if ("reset" in reply) {
        req.socket.destroy();
        return;
      }
      if ("status" in reply) {
        res.writeHead(reply.status, { "Content-Type": "text/html", ...reply.headers });
        res.end(reply.body);
        return;
      }
      const body =
        "fault" in reply
          ? Serializer.serializeFault(reply.fault)
          : Serializer.serializeMethodResponse(reply.result);
      res.writeHead(200, { "Content-Type": "text/xml" });
      res.end(body);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (method) =>
      method === undefined
        ? requests.length
        : requests.filter((r) => (r.modelMethod ?? r.method) === method).length,
    abortedHangs: () => abortedHangs,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

export const PASSWORD = "s3cret-api-key-0f9e8d";

export interface OdooLikeOptions {
  major?: number;
  uid?: number | false;
  /** Answers execute_kw calls; default: empty list. */
  execute?: (
    request: WireRequest & { args: unknown[]; kwargs: Record<string, unknown> },
  ) => Reply | Promise<Reply>;
  /** Answers common calls before the defaults (to inject failures into version/authenticate). */
  common?: (request: WireRequest) => Reply | undefined | Promise<Reply | undefined>;
}

/** A server that behaves like Odoo for the common service and checks the password per call. */
export function odooLike(options: OdooLikeOptions = {}) {
  const major = options.major ?? 17;
  return async (request: WireRequest): Promise<Reply> => {
    if (request.path === "/xmlrpc/2/common") {
      const injected = await options.common?.(request);
      if (injected !== undefined) return injected;
      if (request.method === "version") {
        return {
          result: {
            server_version: `${major}.0`,
            server_version_info: [major, 0, 0, "final", 0, ""],
            server_serie: `${major}.0`,
            protocol_version: 1,
          },
        };
      }
      if (request.method === "authenticate") {
        const ok = request.params[2] === PASSWORD;
        return { result: ok ? (options.uid ?? 2) : false };
      }
    }
    if (request.path === "/xmlrpc/2/object" && request.method === "execute_kw") {
      if (request.params[2] !== PASSWORD) {
        return { fault: { faultCode: 3, faultString: "Access Denied" } };
      }
      const args = (request.params[5] ?? []) as unknown[];
      const kwargs = (request.params[6] ?? {}) as Record<string, unknown>;
      if (options.execute) return options.execute({ ...request, args, kwargs });
      return { result: [] };
    }
    return { status: 404, body: "<html>Not Found</html>" };
  };
}

/** A loopback port nobody listens on: connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return `http://127.0.0.1:${port}`;
}
