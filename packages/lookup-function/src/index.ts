export type { LookupConfig, TokenVerificationConfig } from "./config.ts";
export {
  DEFAULT_REQUEST_DEADLINE_MS,
  GOOGLE_ISSUERS,
  MAX_BODY_BYTES,
  parseLookupConfig,
} from "./config.ts";
export {
  LOOKUP_ARTIFACT_DIR,
  LOOKUP_ENV,
  LOOKUP_TARGET,
  odooSecretNames,
} from "./deployment.ts";
export type { LookupErrorCode } from "./errors.ts";
export { LookupError } from "./errors.ts";
export type { LookupFunctionOptions } from "./function.ts";
export { createLookupFunction } from "./function.ts";
export type { LookupHandler, LookupHandlerDeps, LookupRequest } from "./handler.ts";
export { createLookupHandler } from "./handler.ts";
export type { RequestBody, RequestShape, SerialRequest } from "./input.ts";
export { readSerialRequest } from "./input.ts";
export type { LegacyKeys, LegacyValue } from "./legacy.ts";
export { FOUND_MESSAGE, LEGACY_KEYS, NOT_FOUND_MESSAGE, toLegacyKeys } from "./legacy.ts";
export type { OdooConnection, OdooConnectionOptions } from "./odoo-connection.ts";
export { createOdooConnection, SECRET_READ_BUDGET_MS } from "./odoo-connection.ts";
export { ERROR_RESPONSES, sendBodyRefusal } from "./responses.ts";
export type { TokenVerifier, TokenVerifierOptions, VerifiedCaller } from "./token.ts";
export {
  ALLOWED_ALGORITHMS,
  CLOCK_TOLERANCE_S,
  createTokenVerifier,
  MAX_TOKEN_LIFETIME_S,
} from "./token.ts";
