import { RuntimeError } from "@jsm-odoo/function-runtime";
import { OdooError } from "@jsm-odoo/odoo-client";
import { SerialLookupError, type SerialLookupErrorCode } from "@jsm-odoo/serial-lookup";
import { LookupError, type LookupErrorCode } from "./errors.ts";

/** serial-lookup's input codes, whose messages are worded for the caller. */
const INPUT_CODES: Partial<Record<SerialLookupErrorCode, LookupErrorCode>> = {
  NO_SERIALS: "NO_SERIAL",
  TOO_MANY_SERIALS: "TOO_MANY_SERIALS",
  SERIAL_TOO_LONG: "INVALID_INPUT",
  SERIAL_INVALID: "INVALID_INPUT",
};

/**
 * Decides which fixed response an error gets, by the class of each error in its cause chain
 * (each package throws its own class): a LookupError keeps its code, and its message when worded
 * for the caller (`callerMessage`); serial-lookup input errors -> 400 with their message;
 * anything that ran out of time -> 504; secret and configuration errors -> 503; Odoo errors
 * -> 502; the rest -> 500 (a bug: input problems never get here).
 */
export function classifyLookupError(
  error: unknown,
  deadline: number,
): { code: LookupErrorCode; detail?: string } {
  if (error instanceof LookupError && error.code !== "DEADLINE_EXCEEDED") {
    return error.callerMessage ? { code: error.code, detail: error.message } : { code: error.code };
  }
  const input = error instanceof SerialLookupError ? INPUT_CODES[error.code] : undefined;
  if (input && error instanceof Error) return { code: input, detail: error.message };
  const chain = causeChain(error);
  if (Date.now() >= deadline || chain.some(ranOutOfTime)) return { code: "DEADLINE_EXCEEDED" };
  if (chain.some(notConfigured)) return { code: "NOT_CONFIGURED" };
  if (chain.some(odooFailed)) return { code: "ODOO_FAILED" };
  return { code: "INTERNAL" };
}

// A secret read abandoned before the deadline (SECRET_ABORTED, see SECRET_READ_BUDGET_MS) is a
// configuration problem rather than running out of time: only Odoo calls and the deadline count.
function ranOutOfTime(error: Error): boolean {
  if (error instanceof OdooError)
    return error.code === "ODOO_TIMEOUT" || error.code === "ODOO_ABORTED";
  return error instanceof LookupError && error.code === "DEADLINE_EXCEEDED";
}

/** The secrets cannot be read, or what they hold makes no valid Odoo connection. */
function notConfigured(error: Error): boolean {
  return (
    error instanceof RuntimeError ||
    (error instanceof LookupError && error.code === "CONFIG_INVALID")
  );
}

function odooFailed(error: Error): boolean {
  return (
    error instanceof OdooError ||
    (error instanceof SerialLookupError && error.code === "ODOO_FAILED")
  );
}

/** The error and its causes, outermost first, at most five deep. */
function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}
