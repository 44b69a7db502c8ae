/**
 * Sends one generated request exactly as generated: raw header lines (a name may repeat, in any
 * case, which fetch cannot do: it folds repeats into one line), the body bytes as they are, with
 * or without Content-Length (chunked). node:http with a keep-alive agent, so ten thousand cases
 * reuse a few connections.
 */
import { Agent, request } from "node:http";
import type { FuzzRequest } from "./arbitraries.ts";

/** What the client saw. `error` is set when no response arrived at all. */
export interface Observed {
  status: number;
  contentType: string | null;
  headers: Record<string, string | null>;
  body: string;
  error?: string;
  ms: number;
}

export function createAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 4 });
}

export function bodyBytes(fuzz: FuzzRequest): Buffer | undefined {
  if (fuzz.body === undefined) return undefined;
  return typeof fuzz.body === "string" ? Buffer.from(fuzz.body, "utf8") : Buffer.from(fuzz.body);
}

/** Methods for which Node sends no `Content-Length: 0` on an empty body (useChunkedEncodingByDefault false). */
const NO_EMPTY_LENGTH = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"]);

/**
 * The header lines to send, flat as `message.rawHeaders` ([name, value, name, value, ...]): the
 * form node:http's `request` accepts as `headers` and sends line by line (documented since
 * nodejs/node#58049), so `Password: X` and `password: Y` go out as two
 * lines (an object keyed by name, or setHeader, would fold names that differ only in case into
 * one). Node adds nothing to such an array but `Connection`, so the framing and `Host` an object
 * would have got are added here: `Content-Length` (or `Transfer-Encoding: chunked`) for a body,
 * `Content-Length: 0` where Node would send it for an empty one.
 */
export function rawHeaders(fuzz: FuzzRequest, body: Buffer | undefined, host: string): string[] {
  const lines: string[] = [];
  if (!fuzz.headers.some(([name]) => name.toLowerCase() === "host")) lines.push("Host", host);
  for (const [name, value] of fuzz.headers) lines.push(name, value);
  // Explicit framing: for GET, DELETE or OPTIONS Node would otherwise send the body unframed.
  if (body !== undefined) {
    if (fuzz.chunked) lines.push("Transfer-Encoding", "chunked");
    else lines.push("Content-Length", String(body.length));
  } else if (!NO_EMPTY_LENGTH.has(fuzz.method.toUpperCase())) {
    lines.push("Content-Length", "0");
  }
  return lines;
}

export function send(
  url: string,
  fuzz: FuzzRequest,
  agent: Agent,
  timeoutMs = 10_000,
): Promise<Observed> {
  const started = performance.now();
  const body = bodyBytes(fuzz);
  const target = new URL(url);
  const headers = rawHeaders(fuzz, body, target.host);
  return new Promise<Observed>((resolve) => {
    let settled = false;
    const finish = (observed: Omit<Observed, "ms">) => {
      if (settled) return;
      settled = true;
      resolve({ ...observed, ms: Math.round(performance.now() - started) });
    };
    const failed = (error: string) =>
      finish({ status: 0, contentType: null, headers: {}, body: "", error });
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: fuzz.path ?? target.pathname,
        method: fuzz.method,
        agent,
        headers,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => failed(`response aborted: ${error.message}`));
        res.on("end", () => {
          const headers: Record<string, string | null> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            headers[name] = Array.isArray(value) ? value.join(", ") : (value ?? null);
          }
          finish({
            status: res.statusCode ?? 0,
            contentType: res.headers["content-type"] ?? null,
            headers,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    req.on("timeout", () => {
      req.destroy(new Error(`no answer in ${timeoutMs} ms`));
    });
    // A server that answers 413 before reading an oversized body may close while we still write:
    // the response, when it came, is what counts; an error without one is a finding.
    req.on("error", (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      setTimeout(() => failed(code ? `${code}: ${error.message}` : error.message), 50);
    });
    if (body === undefined) {
      req.end();
    } else if (fuzz.chunked) {
      const half = Math.floor(body.length / 2);
      req.write(body.subarray(0, half));
      req.end(body.subarray(half));
    } else {
      req.end(body);
    }
  });
}
