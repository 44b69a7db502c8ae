/**
 * Why a token request was refused or failed. The HTTP edge (`responses.ts`) maps each code to a
 * fixed status and caller-facing message; `message` here is for logs and never holds a password
 * or token. CONFIG_INVALID and MINT_FAILED are the codes of the function's parts (configuration,
 * minter); they are answered as SERVICE_UNAVAILABLE and TOKEN_UNAVAILABLE (`classify.ts`).
 */
export type TokenErrorCode =
  | "CONFIG_INVALID"
  | "MINT_FAILED"
  | "METHOD_NOT_ALLOWED"
  | "BODY_TOO_LARGE"
  | "INVALID_REQUEST"
  | "UNKNOWN_ENVIRONMENT"
  | "UNAUTHORIZED"
  | "TOO_MANY_FAILURES"
  | "TOKEN_UNAVAILABLE"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL";

export class TokenError extends Error {
  readonly code: TokenErrorCode;
  /** For CONFIG_INVALID: one clear message per problem. */
  readonly problems: readonly string[];
  /**
   * True when `message` is worded for the caller and holds nothing secret or echoed; it then
   * replaces the code's fixed JSON message (the earlier contract's text stays fixed).
   */
  readonly callerMessage: boolean;
  /** Response headers that depend on the request, e.g. `Retry-After`. */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    code: TokenErrorCode,
    message: string,
    options?: {
      cause?: unknown;
      problems?: readonly string[];
      callerMessage?: boolean;
      headers?: Record<string, string>;
    },
  ) {
    super(message, options);
    this.name = "TokenError";
    this.code = code;
    this.problems = options?.problems ?? [];
    this.callerMessage = options?.callerMessage ?? false;
    this.headers = options?.headers;
  }
}
