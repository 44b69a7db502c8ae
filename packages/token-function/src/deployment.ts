/**
 * What the infrastructure needs to know to deploy the token function: the single source of
 * truth for its entry point, secret and environment variable names. Imported by infra/, so it
 * must stay free of runtime imports.
 */
import type { Environment } from "@jsm-odoo/function-runtime";

/** `functions-framework --target=<this>`; also the Cloud Functions entry point. */
export const TOKEN_TARGET = "token";

/** Folder (relative to this package) that `pnpm build` fills with the deploy artifact. */
export const TOKEN_ARTIFACT_DIR = "dist/function";

/** Secret Manager secret holding the shared access password JSM sends. */
export const ACCESS_PASSWORD_SECRET = "access_password";

/**
 * Optional per-environment access password: read first, `access_password` when it has no
 * version. Lets the stage rule's password mint no prod token.
 */
export function accessPasswordSecret(environment: Environment): string {
  return `${ACCESS_PASSWORD_SECRET}_${environment}`;
}

/**
 * The `alert` field of the one ERROR line the token function writes when wrong passwords from
 * many addresses reach the instance-wide ceiling (it never blocks): infra's alert policy
 * matches it.
 */
export const FAILURE_CEILING_ALERT = "token-failure-ceiling";

/** Environment variables the token function reads at start-up. */
export const TOKEN_ENV = {
  /** `secret-manager` in Google Cloud; `env` reads secrets from upper-cased variables or `.env`. */
  secretsSource: "SECRETS_SOURCE",
  /** Project whose Secret Manager holds the secrets. */
  project: "GOOGLE_CLOUD_PROJECT",
  /** With `SECRETS_SOURCE=env`: the `.env` file read for secrets not in the environment. */
  secretsEnvFile: "SECRETS_ENV_FILE",
  /** Comma-separated environments this deployment serves, e.g. `prod,stage`. */
  environments: "ENVIRONMENTS",
  /** Max instances the platform may run; divides the hourly failure budget. */
  maxInstances: "MAX_INSTANCES",
  /** `iam` mints Google ID tokens keylessly; `local` asks the local issuer. */
  tokenMinter: "TOKEN_MINTER",
  /** Base URL of IAM Credentials (or the local issuer that stands in for it). */
  iamCredentialsEndpoint: "IAM_CREDENTIALS_ENDPOINT",
  /** Milliseconds a secret value is served from memory before it is read again (0 to an hour; default 300000). */
  secretTtlMs: "SECRET_TTL_MS",
} as const;

/** Per environment: the token's audience (the lookup URL) and the account it is minted for. */
export function lookupUrlVariable(environment: Environment): string {
  return `LOOKUP_URL_${environment.toUpperCase()}`;
}
export function triggerAccountVariable(environment: Environment): string {
  return `TRIGGER_ACCOUNT_${environment.toUpperCase()}`;
}

/** Service account id (before `@project.iam...`) of an environment's trigger account. */
export function triggerAccountId(environment: Environment): string {
  return `odoo-trigger-${environment}`;
}
