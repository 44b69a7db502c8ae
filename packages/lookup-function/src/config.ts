import {
  ENVIRONMENTS,
  type Environment,
  type IntegerRule,
  problemsMessage,
  readSettings,
  SECRET_TTL_MS_RULE,
  type Settings,
  TRIGGER_ACCOUNT_RULE,
} from "@jsm-odoo/function-runtime";
import {
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  ODOO_PROTOCOL_SETTINGS,
  type OdooProtocolSetting,
} from "@jsm-odoo/odoo-client";
import { type ExtraFieldsConfig, parseExtraFields } from "@jsm-odoo/serial-lookup";
import { LOOKUP_ENV, ODOO_MAX_CONCURRENT_REQUESTS_RULE } from "./deployment.ts";
import { LookupError } from "./errors.ts";

/** JSM reports a ~30 s web request timeout: answer well before it (and before the platform's 60 s). */
export const DEFAULT_REQUEST_DEADLINE_MS = 25_000;
/**
 * Largest request body accepted, in bytes. 20 serials of 64 characters in the legacy shape take
 * under 2 KiB; anything much larger is not a JSM lookup.
 */
export const MAX_BODY_BYTES = 16 * 1024;

/** Google signs its ID tokens with either issuer spelling (https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken). */
export const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"] as const;

export type TokenVerificationConfig =
  /** Cloud Run IAM verified the signature before the request reached us; check the claims. */
  | { mode: "platform"; issuers: readonly string[] }
  /** Verify signature and claims here against a JWKS (local issuer in dev and tests). */
  | { mode: "jwks"; jwksUrl: URL; issuer: string };

export interface LookupConfig {
  environment: Environment;
  /** The function's own URL: the only `aud` accepted. */
  expectedAudience: string;
  /** This environment's trigger service account: the only `email` accepted. */
  triggerAccount: string;
  token: TokenVerificationConfig;
  deadlineMs: number;
  secretTtlMs: number;
  extraFields: ExtraFieldsConfig | undefined;
  /** How the function speaks to Odoo: `auto` (default), `xmlrpc` or `json2` (Odoo 19+, API key). */
  odooProtocol: OdooProtocolSetting;
  /** Odoo requests in flight at once per instance. */
  odooMaxConcurrentRequests: number;
}

/** `REQUEST_DEADLINE_MS`: long enough for a slow Odoo, never past the platform's hour. */
export const REQUEST_DEADLINE_MS_RULE = {
  min: 100,
  max: 3_600_000,
  default: DEFAULT_REQUEST_DEADLINE_MS,
  what: "milliseconds a request may take, from arrival to answer",
} as const satisfies IntegerRule;

const TOKEN_VERIFICATIONS = ["platform", "jwks"] as const;

/**
 * Reads the lookup function's configuration from an environment object, once, at start-up.
 * Throws one `CONFIG_INVALID` error listing every problem.
 */
export function parseLookupConfig(env: Record<string, string | undefined>): LookupConfig {
  const settings = readSettings(env);
  const environment = settings.oneOf(LOOKUP_ENV.environment, ENVIRONMENTS);
  const expectedAudience = settings.url(LOOKUP_ENV.expectedAudience, {
    required: "this function's own URL, the only audience a token may carry",
  });
  const triggerAccount = settings.matching(LOOKUP_ENV.triggerAccount, {
    ...TRIGGER_ACCOUNT_RULE,
    required: "the trigger service account, the only caller accepted",
  });
  const token = readTokenVerification(settings);
  const deadlineMs = settings.integer(LOOKUP_ENV.deadlineMs, REQUEST_DEADLINE_MS_RULE);
  const secretTtlMs = settings.integer(LOOKUP_ENV.secretTtlMs, SECRET_TTL_MS_RULE);
  const extraFields = settings.parsed(LOOKUP_ENV.extraFields, parseExtraFields);
  const odooProtocol = settings.oneOf(LOOKUP_ENV.odooProtocol, ODOO_PROTOCOL_SETTINGS, {
    default: "auto",
  });
  const odooMaxConcurrentRequests = settings.integer(LOOKUP_ENV.odooMaxConcurrentRequests, {
    ...ODOO_MAX_CONCURRENT_REQUESTS_RULE,
    default: DEFAULT_MAX_CONCURRENT_REQUESTS,
  });

  const problems = settings.problems();
  if (
    problems.length > 0 ||
    !environment ||
    !expectedAudience ||
    !triggerAccount ||
    !token ||
    deadlineMs === undefined ||
    secretTtlMs === undefined ||
    !odooProtocol ||
    odooMaxConcurrentRequests === undefined
  ) {
    throw new LookupError(
      "CONFIG_INVALID",
      problemsMessage("lookup function configuration is invalid", problems),
    );
  }
  return {
    environment,
    expectedAudience,
    triggerAccount,
    token,
    deadlineMs,
    secretTtlMs,
    extraFields,
    odooProtocol,
    odooMaxConcurrentRequests,
  };
}

function readTokenVerification(settings: Settings): TokenVerificationConfig | undefined {
  const mode = settings.oneOf(LOOKUP_ENV.tokenVerification, TOKEN_VERIFICATIONS);
  if (mode === "platform") return { mode, issuers: GOOGLE_ISSUERS };
  if (mode === undefined) return undefined;
  const jwksUrl = settings.url(LOOKUP_ENV.jwksUrl, {
    required: "where the token signing keys are published (TOKEN_VERIFICATION=jwks)",
  });
  const issuer = settings.string(LOOKUP_ENV.tokenIssuer, {
    required: "the `iss` every token must carry (TOKEN_VERIFICATION=jwks)",
  });
  if (jwksUrl === undefined || issuer === undefined) return undefined;
  return { mode, jwksUrl: new URL(jwksUrl), issuer };
}
