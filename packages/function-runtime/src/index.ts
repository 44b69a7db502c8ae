export type { Environment } from "./environments.ts";
export {
  ENVIRONMENTS,
  isEnvironment,
  parseEnvironment,
  TRIGGER_ACCOUNT_RULE,
} from "./environments.ts";
export type { RuntimeErrorCode } from "./errors.ts";
export { RuntimeError } from "./errors.ts";
export type {
  BodyError,
  BodyErrorCode,
  BodyErrorResponder,
  FrameworkBodyErrors,
  FrameworkBodyErrorsOptions,
} from "./http/framework-body-errors.ts";
export { answerFrameworkBodyErrors, sendBodyError } from "./http/framework-body-errors.ts";
export { bodySize, sendJson, sendJsonError, sendText } from "./http/responses.ts";
export { guardFrameworkErrorLogs } from "./logging/framework-guard.ts";
export type { LogFields, Logger, LoggerOptions } from "./logging/logger.ts";
export { createLogger } from "./logging/logger.ts";
export { REDACTED } from "./logging/redact.ts";
export type { RequestLogContext } from "./logging/request-context.ts";
export { requestLogContext } from "./logging/request-context.ts";
export type { CachedSecretSource, CachedSecretsOptions } from "./secrets/cached.ts";
export {
  cachedSecrets,
  DEFAULT_REFRESH_WAIT_MS,
  DEFAULT_SECRET_TTL_MS,
  SECRET_TTL_MS_RULE,
} from "./secrets/cached.ts";
export type { EnvSecretSourceOptions } from "./secrets/env-source.ts";
export { envSecretSource, secretVariableName } from "./secrets/env-source.ts";
export type { SecretsSettings, SecretsSourceKind } from "./secrets/from-env.ts";
export {
  DEFAULT_ENV_FILE,
  readSecretsSettings,
  SECRETS_SOURCES,
  secretSourceFromEnv,
} from "./secrets/from-env.ts";
export type { SecretManagerSourceOptions } from "./secrets/secret-manager-source.ts";
export {
  DEFAULT_SECRET_READ_TIMEOUT_MS,
  secretManagerSource,
} from "./secrets/secret-manager-source.ts";
export type { SecretSource } from "./secrets/secret-source.ts";
export type { FlagSettings, IntegerRule, PatternRule, Settings, UrlRule } from "./settings.ts";
export { problemsMessage, readFlags, readSettings } from "./settings.ts";
