/** The one error class of the package: a string code callers switch on, a safe message. */
export type ConformanceErrorCode =
  | "CONFORMANCE_USAGE"
  | "CONFORMANCE_ODOO"
  | "CONFORMANCE_SEED"
  | "CONFORMANCE_API_KEY";

export class ConformanceError extends Error {
  override readonly name = "ConformanceError";
  readonly code: ConformanceErrorCode;

  constructor(code: ConformanceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
