import type { Logger } from "./logger.ts";

/**
 * Stops the Functions Framework from writing request bodies to the logs: body-parser errors
 * that Express logs become one structured line without body or message; every other
 * `console.error` passes through (docs/decisions.md). Returns a function that restores it.
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
