import type { Logger } from "./logger.ts";

/**
 * Stops the Functions Framework from writing request bodies to the logs.
 *
 * The framework parses bodies with body-parser before the function runs; when that fails (for
 * example malformed JSON under `Content-Type: application/json`), Express 5 answers by itself and
 * logs with `console.error(err)` in every environment but `test`
 * (express/lib/application.js `logerror`). body-parser's error carries the raw body as
 * `err.body` and a snippet of it in the message, so a password sent in a malformed body would
 * reach Cloud Logging as multi-line text. This wraps `console.error`: such errors become one
 * structured line without body or message; every other call passes through unchanged.
 * Returns a function that restores the original.
 */
export function guardFrameworkErrorLogs(
  logger: Logger,
  target: { error: (...args: unknown[]) => void } = console,
): () => void {
  const original = target.error;
  target.error = (...args: unknown[]) => {
    const [first] = args;
    if (args.length === 1 && isRequestBodyError(first)) {
      logger.warn("request refused by the Functions Framework before the function ran", {
        errorType: first.type,
        status: first.status,
      });
      return;
    }
    original.apply(target, args);
  };
  return () => {
    target.error = original;
  };
}

// http-errors raised by body-parser / raw-body: a numeric status and a `type` such as
// `entity.parse.failed`, `entity.too.large`, `charset.unsupported`, `request.aborted`.
function isRequestBodyError(value: unknown): value is Error & { type: string; status: number } {
  if (!(value instanceof Error)) return false;
  const { type, status } = value as { type?: unknown; status?: unknown };
  return typeof type === "string" && typeof status === "number";
}
