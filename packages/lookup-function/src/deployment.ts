/**
 * What the infrastructure needs to know to deploy a lookup function: the single source of truth
 * for its entry point, secret and environment variable names. Imported by infra/, so it must stay
 * free of runtime imports.
 */
import type { Environment, IntegerRule } from "@jsm-odoo/function-runtime";

/** `functions-framework --target=<this>`; also the Cloud Functions entry point. */
export const LOOKUP_TARGET = "lookup";

/** Folder (relative to this package) that `pnpm build` fills with the deploy artifact. */
export const LOOKUP_ARTIFACT_DIR = "dist/function";

/** The four Secret Manager secrets that hold an environment's Odoo connection. */
export function odooSecretNames(environment: Environment) {
  return {
    server: `odoo_${environment}_server`,
    db: `odoo_${environment}_db`,
    user: `odoo_${environment}_user`,
    pass: `odoo_${environment}_pass`,
  } as const;
}

/** Environment variables the lookup function reads at start-up. */
export const LOOKUP_ENV = {
  /** `prod` or `stage`: which secrets to read and which tokens to accept. */
  environment: "ENVIRONMENT",
  /** `secret-manager` in Google Cloud; `env` reads secrets from upper-cased variables or `.env`. */
  secretsSource: "SECRETS_SOURCE",
  /** Project whose Secret Manager holds the secrets. */
  project: "GOOGLE_CLOUD_PROJECT",
  /** With `SECRETS_SOURCE=env`: the `.env` file read for secrets not in the environment. */
  secretsEnvFile: "SECRETS_ENV_FILE",
  /** The function's own URL: the only audience a token may carry. */
  expectedAudience: "EXPECTED_AUDIENCE",
  /** Email of this environment's trigger service account: the only caller accepted. */
  triggerAccount: "TRIGGER_ACCOUNT",
  /** `platform` (Cloud Run IAM verified the signature) or `jwks` (verify it here). */
  tokenVerification: "TOKEN_VERIFICATION",
  /** JWKS and issuer to verify signatures against when verification is `jwks`. */
  jwksUrl: "JWKS_URL",
  tokenIssuer: "TOKEN_ISSUER",
  /** Overall request deadline in milliseconds, under JSM's ~30 s web request timeout. */
  deadlineMs: "REQUEST_DEADLINE_MS",
  /** How long Odoo credentials are cached before the secrets are read again (default 5 min). */
  secretTtlMs: "SECRET_TTL_MS",
  /** Operator-configured Odoo fields mapped to output keys (JSON, see the README). */
  extraFields: "EXTRA_FIELDS",
  /**
   * `auto` (default: JSON-2 on Odoo 19+, XML-RPC before), `xmlrpc` (Odoo 14-21) or `json2` (Odoo
   * 19+; the `odoo_<env>_pass` secret must be an API key): Odoo deprecated XML-RPC in 19 and
   * announced its removal for Odoo 22, so `auto` moves over by itself when Odoo is upgraded.
   */
  odooProtocol: "ODOO_PROTOCOL",
  /**
   * Odoo requests in flight at once per instance (default 6). One instance holds one Odoo
   * client, so the most this function asks of Odoo at once is this times the instance cap.
   */
  odooMaxConcurrentRequests: "ODOO_MAX_CONCURRENT_REQUESTS",
} as const;

/**
 * `ODOO_MAX_CONCURRENT_REQUESTS`, the one rule the function and infra read it by: Odoo's workers
 * need a whole, small bound (the function's default is the client's, 6).
 */
export const ODOO_MAX_CONCURRENT_REQUESTS_RULE = {
  min: 1,
  max: 64,
  what: "Odoo requests in flight at once per instance",
} as const satisfies IntegerRule;
