export type { AccessPasswordSet, AccessPasswords } from "./access-passwords.ts";
export { absenceAsValue, createAccessPasswords, REREAD_AFTER_MS } from "./access-passwords.ts";
export { clientAddress } from "./client-address.ts";
export type { EnvironmentTarget, TokenConfig, TokenMinterKind } from "./config.ts";
export {
  GLOBAL_FAILURES_PER_HOUR,
  GOOGLE_IAM_CREDENTIALS_ENDPOINT,
  MAX_BODY_BYTES,
  parseTokenConfig,
  TOKEN_MINTERS,
} from "./config.ts";
export {
  ACCESS_PASSWORD_SECRET,
  accessPasswordSecret,
  FAILURE_CEILING_ALERT,
  lookupUrlVariable,
  TOKEN_ARTIFACT_DIR,
  TOKEN_ENV,
  TOKEN_TARGET,
  triggerAccountId,
  triggerAccountVariable,
} from "./deployment.ts";
export type { TokenErrorCode } from "./errors.ts";
export { TokenError } from "./errors.ts";
export { FAILURE_WINDOW_MS, MAX_TRACKED_ADDRESSES } from "./failure-budget.ts";
export type { TokenFunctionOptions } from "./function.ts";
export { createTokenFunction } from "./function.ts";
export type { TokenHandler, TokenHandlerDeps } from "./handler.ts";
export { createTokenHandler } from "./handler.ts";
export {
  generatePassword,
  MAX_PASSWORD_LINES,
  MIN_PASSWORD_BITS,
  PUBLISHED_PASSWORDS,
  passwordWeakness,
} from "./password.ts";
export type { TokenResponseCode } from "./responses.ts";
export { ERROR_RESPONSES } from "./responses.ts";
export type { MintedToken, TokenMinter } from "./token-minter.ts";
export { TOKEN_REFRESH_MARGIN_SECONDS } from "./token-minter.ts";
