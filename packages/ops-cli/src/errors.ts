/** Why the operator tool could not even run its checks (a failed check is not an error). */
export type OpsErrorCode = "USAGE" | "CONFIG_INVALID" | "CONTRACT_UNAVAILABLE";

/** The one error class of this package; `message` is safe to print (it never holds a secret). */
export class OpsError extends Error {
  readonly code: OpsErrorCode;

  constructor(code: OpsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OpsError";
    this.code = code;
  }
}
