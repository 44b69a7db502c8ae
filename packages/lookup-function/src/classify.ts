import { LookupError, type LookupErrorCode } from "./errors.ts";

/** serial-lookup's input codes, whose messages are worded for the caller. */
const INPUT_CODES = new Map<string, LookupErrorCode>([
  ["NO_SERIALS", "NO_SERIAL"],
  ["TOO_MANY_SERIALS", "TOO_MANY_SERIALS"],
  ["SERIAL_TOO_LONG", "INVALID_INPUT"],
  ["SERIAL_INVALID", "INVALID_INPUT"],
]);

// Codes that mean "ran out of time" rather than "Odoo failed". A secret read abandoned before
// the deadline (SECRET_ABORTED, see SECRET_READ_BUDGET_MS) is a configuration problem instead.
const TIME_CODES = new Set(["ODOO_TIMEOUT", "ODOO_ABORTED", "DEADLINE_EXCEEDED"]);

/**
 * Decides which fixed response an error gets. A LookupError keeps its code, and its message when
 * worded for the caller (`callerMessage`). Errors of other packages are recognised by their
 * string `code` (each package has its own error class): serial-lookup input errors -> 400 with
 * their message, secret errors -> 503, Odoo errors -> 502, anything that ran out of time -> 504,
 * the rest -> 500 (a bug: input problems never get here).
 */
export function classifyError(
  error: unknown,
  deadline: number,
): { code: LookupErrorCode; detail?: string } {
  const codes = codeChain(error);
  const first = codes[0];
  if (error instanceof LookupError && error.code !== "DEADLINE_EXCEEDED") {
    return error.callerMessage ? { code: error.code, detail: error.message } : { code: error.code };
  }
  const input = first === undefined ? undefined : INPUT_CODES.get(first);
  if (input) return { code: input, detail: (error as Error).message };
  if (Date.now() >= deadline || codes.some((code) => TIME_CODES.has(code))) {
    return { code: "DEADLINE_EXCEEDED" };
  }
  if (codes.some((code) => code.startsWith("SECRET_") || code === "CONFIG_INVALID")) {
    return { code: "NOT_CONFIGURED" };
  }
  if (codes.some((code) => code.startsWith("ODOO_"))) return { code: "ODOO_FAILED" };
  return { code: "INTERNAL" };
}

function codeChain(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    current = current.cause;
  }
  return codes;
}
