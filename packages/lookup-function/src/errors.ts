/**
 * Why a lookup request was refused or failed. The HTTP edge (`responses.ts`) maps each code to a
 * fixed status and caller-facing message; `message` here is for logs and never holds a token,
 * password or API key.
 */
export type LookupErrorCode =
  | "CONFIG_INVALID"
  | "METHOD_NOT_ALLOWED"
  | "BODY_TOO_LARGE"
  | "INVALID_JSON"
  | "INVALID_INPUT"
  | "NO_SERIAL"
  | "TOO_MANY_SERIALS"
  | "TOKEN_MISSING"
  | "TOKEN_INVALID"
  | "TOKEN_FORBIDDEN"
  | "TOKEN_KEYS_UNAVAILABLE"
  | "NOT_CONFIGURED"
  | "ODOO_FAILED"
  | "DEADLINE_EXCEEDED"
  | "INTERNAL";

export class LookupError extends Error {
  readonly code: LookupErrorCode;
  /**
   * True when `message` is worded for the caller and holds nothing secret or echoed (input
   * refusals: which field is wrong and how); it then replaces the code's fixed message.
   */
  readonly callerMessage: boolean;

  constructor(
    code: LookupErrorCode,
    message: string,
    options?: { cause?: unknown; callerMessage?: boolean },
  ) {
    super(message, options);
    this.name = "LookupError";
    this.code = code;
    this.callerMessage = options?.callerMessage ?? false;
  }
}
