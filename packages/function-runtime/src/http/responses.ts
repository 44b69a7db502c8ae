import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Answers with `{"error": {"code", "message"}}`. `message` must be a fixed, safe text chosen by
 * the caller, never an internal error message. `no-store`: error bodies are per request.
 */
export function sendJsonError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

/** Answers with a JSON body, `Content-Type: application/json` and `Cache-Control: no-store`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body), headers);
}

/** Answers with a plain-text body (the earlier contract's shape). */
export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, "text/plain; charset=utf-8", body, headers);
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string>,
): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader("Content-Type", contentType);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(body);
}

/**
 * Bytes of the request body: the Functions Framework keeps the raw bytes in `req.rawBody`; without
 * it (plain node:http), the declared `Content-Length`. 0 when there is neither.
 */
export function bodySize(req: IncomingMessage & { rawBody?: { length: number } }): number {
  if (req.rawBody) return req.rawBody.length;
  const declared = Number(req.headers["content-length"]);
  return Number.isFinite(declared) && declared > 0 ? declared : 0;
}
