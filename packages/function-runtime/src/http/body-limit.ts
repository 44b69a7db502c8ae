import type { IncomingMessage } from "node:http";

/**
 * WHY: the Functions Framework buffers and parses every request body before the function runs,
 * with a 1024 MB limit (functions-framework build/src/server.js `requestLimit`), and inflates
 * gzip/deflate/br bodies first. A function's own size check comes too late: 32 MiB (Cloud Run's
 * request limit) of `[[[[...` costs about 16 s of CPU and 1 GB of memory in `JSON.parse` on
 * Node 24, and a few KiB of brotli inflate to megabytes. For the public token function that is an
 * unauthenticated way to stall or crash instances. So the byte limit is applied before body-parser
 * reads anything: a declared `Content-Length` over it is refused at once, a chunked body is
 * counted as it arrives and refused when it goes over, and compressed bodies are refused (JSM's
 * "Send web request" does not compress).
 */

/** What went wrong, for the caller to answer (413 / 415). */
export type BodyLimitRefusal = "BODY_TOO_LARGE" | "UNSUPPORTED_ENCODING";

/**
 * Checks a request before its body is read. Returns the refusal to answer now, or undefined; for
 * a body of undeclared length (chunked), `onOverflow` is called once the bytes received pass
 * `maxBytes`, and from then on the rest of the body is dropped unread by the parser (it never
 * sees its end: the function does not run).
 */
export function checkBodyBeforeParsing(
  req: IncomingMessage,
  maxBytes: number,
  onOverflow: () => void,
): BodyLimitRefusal | undefined {
  const encoding = req.headers["content-encoding"]?.trim().toLowerCase();
  if (encoding && encoding !== "identity") return "UNSUPPORTED_ENCODING";
  const declared = req.headers["content-length"];
  // Node's parser has already refused malformed or conflicting Content-Length values.
  if (declared !== undefined) return Number(declared) > maxBytes ? "BODY_TOO_LARGE" : undefined;
  if (req.headers["transfer-encoding"] !== undefined) countChunks(req, maxBytes, onOverflow);
  return undefined;
}

/**
 * Node's HTTP parser hands each body chunk to `req.push` (a public Readable method); counting
 * there sees the bytes before any consumer buffers them.
 */
function countChunks(req: IncomingMessage, maxBytes: number, onOverflow: () => void): void {
  const push = req.push;
  let received = 0;
  let over = false;
  req.push = function countedPush(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (over) return false;
    if (chunk !== null && chunk !== undefined) {
      received += (chunk as { length: number }).length;
      if (received > maxBytes) {
        over = true;
        onOverflow();
        return false;
      }
    }
    return push.call(this, chunk, encoding);
  };
}
