/** Why a shared runtime operation failed; the HTTP edge maps each code to a fixed response. */
export type RuntimeErrorCode =
  | "CONFIG_INVALID"
  | "SECRET_NOT_FOUND"
  | "SECRET_DISABLED"
  | "SECRET_ACCESS_DENIED"
  | "SECRET_UNAVAILABLE"
  | "SECRET_ABORTED";

/**
 * The one error class of this package. `message` is safe to log (it never holds a secret value);
 * it is still not meant for callers of a function: map `code` to a response instead.
 */
export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;

  constructor(code: RuntimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RuntimeError";
    this.code = code;
  }
}
