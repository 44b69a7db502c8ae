/**
 * A recording reverse proxy in front of the real Odoo: the lookup, doctor and the probes talk
 * to it exactly as they would to Odoo (any client, any protocol, the requests the lead's next
 * query plan makes included), and it keeps every request with Odoo's answer, byte for byte.
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";

/** Request headers that change Odoo's answer; the rest (host, user agent, length) does not. */
const KEPT_REQUEST_HEADERS = ["content-type", "authorization", "x-odoo-database"] as const;

export interface ProxiedExchange {
  /** What was running, e.g. "lookup xmlrpc" or "probe: unknown field in fields (json2)". */
  phase: string;
  request: { method: string; path: string; headers: Record<string, string>; body: string };
  response: { status: number; contentType: string; body: string };
}

export interface RecordingProxy {
  url: string;
  /** Requests from now on belong to this phase. */
  setPhase(phase: string): void;
  exchanges(): readonly ProxiedExchange[];
  close(): Promise<void>;
}

const readAll = (stream: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
  const recorded: ProxiedExchange[] = [];
  let phase = "unlabelled";

  const server = createServer((req, res) => {
    const current = phase;
    void (async () => {
      const body = await readAll(req);
      const headers: Record<string, string> = {};
      for (const name of KEPT_REQUEST_HEADERS) {
        const value = req.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      const answer = await new Promise<{ status: number; type: string; body: Buffer }>(
        (resolve, reject) => {
          const out = send(
            new URL(req.url ?? "/", upstream),
            { method: req.method, headers: { ...headers, "content-length": body.length } },
            (upstreamResponse) => {
              readAll(upstreamResponse).then(
                (data) =>
                  resolve({
                    status: upstreamResponse.statusCode ?? 502,
                    type: String(upstreamResponse.headers["content-type"] ?? ""),
                    body: data,
                  }),
                reject,
              );
            },
          );
          out.on("error", reject);
          out.end(body);
        },
      );
      recorded.push({
        phase: current,
        request: {
          method: req.method ?? "GET",
          path: req.url ?? "/",
          headers,
          body: body.toString("utf8"),
        },
        response: {
          status: answer.status,
          contentType: answer.type,
          body: answer.body.toString("utf8"),
        },
      });
      res.writeHead(answer.status, { "Content-Type": answer.type });
      res.end(answer.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
      res.end("recording proxy: Odoo did not answer");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPhase: (next) => {
      phase = next;
    },
    exchanges: () => recorded,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
