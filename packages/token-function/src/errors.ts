/** Why the token function could not do its job; the handler maps each code to a fixed response. */
export type TokenErrorCode = "CONFIG_INVALID" | "MINT_FAILED";

export class TokenError extends Error {
  readonly code: TokenErrorCode;
  /** For CONFIG_INVALID: one clear message per problem. */
  readonly problems: readonly string[];

  constructor(
    code: TokenErrorCode,
    message: string,
    options?: { cause?: unknown; problems?: readonly string[] },
  ) {
    super(message, options);
    this.name = "TokenError";
    this.code = code;
    this.problems = options?.problems ?? [];
  }
}
