import {
  DEFAULT_SECRET_TTL_MS,
  type Environment,
  parseEnvironment,
} from "@jsm-odoo/function-runtime";
import {
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  ODOO_PROTOCOL_SETTINGS,
  type OdooProtocolSetting,
} from "@jsm-odoo/odoo-client";
import { type ExtraFieldsConfig, parseExtraFields } from "@jsm-odoo/serial-lookup";
import { LOOKUP_ENV } from "./deployment.ts";
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

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Reads the lookup function's configuration from an environment object, once, at start-up.
 * Throws one `CONFIG_INVALID` error listing every problem, one sentence each.
 */
export function parseLookupConfig(env: Record<string, string | undefined>): LookupConfig {
  const problems: string[] = [];
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const required = (name: string, what: string) => {
    const value = read(name);
    if (value === undefined) problems.push(`${name} is required: ${what}`);
    return value ?? "";
  };

  const environmentRaw = required(LOOKUP_ENV.environment, "prod or stage");
  const environment = parseEnvironment(environmentRaw);
  if (environmentRaw && !environment) {
    problems.push(
      `${LOOKUP_ENV.environment} must be prod or stage (got ${JSON.stringify(environmentRaw)})`,
    );
  }

  const expectedAudience = required(LOOKUP_ENV.expectedAudience, "this function's own URL");
  if (expectedAudience && !URL.canParse(expectedAudience)) {
    problems.push(
      `${LOOKUP_ENV.expectedAudience} must be a URL (got ${JSON.stringify(expectedAudience)})`,
    );
  }

  const triggerAccount = required(LOOKUP_ENV.triggerAccount, "the trigger service account's email");
  if (triggerAccount && !EMAIL.test(triggerAccount)) {
    problems.push(`${LOOKUP_ENV.triggerAccount} must be an email address`);
  }

  const token = parseTokenVerification(required, problems);
  const deadlineMs = parseMs(
    read(LOOKUP_ENV.deadlineMs),
    LOOKUP_ENV.deadlineMs,
    DEFAULT_REQUEST_DEADLINE_MS,
    problems,
  );
  const secretTtlMs = parseMs(
    read(LOOKUP_ENV.secretTtlMs),
    LOOKUP_ENV.secretTtlMs,
    DEFAULT_SECRET_TTL_MS,
    problems,
  );

  let extraFields: ExtraFieldsConfig | undefined;
  const extraRaw = read(LOOKUP_ENV.extraFields);
  if (extraRaw !== undefined) {
    try {
      extraFields = parseExtraFields(extraRaw);
    } catch (error) {
      problems.push(`${LOOKUP_ENV.extraFields}: ${(error as Error).message}`);
    }
  }

  const odooProtocol = read(LOOKUP_ENV.odooProtocol) ?? "auto";
  if (!(ODOO_PROTOCOL_SETTINGS as readonly string[]).includes(odooProtocol)) {
    problems.push(
      `${LOOKUP_ENV.odooProtocol} must be ${ODOO_PROTOCOL_SETTINGS.join(", ")} (got ${JSON.stringify(odooProtocol)})`,
    );
  }

  const maxRaw = read(LOOKUP_ENV.odooMaxConcurrentRequests);
  const odooMaxConcurrentRequests =
    maxRaw === undefined
      ? DEFAULT_MAX_CONCURRENT_REQUESTS
      : /^\d+$/.test(maxRaw)
        ? Number(maxRaw)
        : Number.NaN;
  if (
    !Number.isInteger(odooMaxConcurrentRequests) ||
    odooMaxConcurrentRequests < 1 ||
    odooMaxConcurrentRequests > 64
  ) {
    problems.push(
      `${LOOKUP_ENV.odooMaxConcurrentRequests} must be a whole number between 1 and 64 (got ${JSON.stringify(maxRaw)})`,
    );
  }

  if (problems.length > 0 || !environment) {
    throw new LookupError(
      "CONFIG_INVALID",
      `lookup function configuration is invalid:\n- ${problems.join("\n- ")}`,
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
    odooProtocol: odooProtocol as OdooProtocolSetting,
    odooMaxConcurrentRequests,
  };
}

function parseTokenVerification(
  required: (name: string, what: string) => string,
  problems: string[],
): TokenVerificationConfig {
  const mode = required(LOOKUP_ENV.tokenVerification, "platform (Google Cloud) or jwks (local)");
  if (mode === "platform") return { mode, issuers: GOOGLE_ISSUERS };
  if (mode === "jwks") {
    const jwksUrl = required(LOOKUP_ENV.jwksUrl, "where the token signing keys are published");
    const issuer = required(LOOKUP_ENV.tokenIssuer, "the `iss` every token must carry");
    let url: URL | undefined;
    if (jwksUrl) {
      url = URL.parse(jwksUrl) ?? undefined;
      if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
        problems.push(
          `${LOOKUP_ENV.jwksUrl} must be an http(s) URL (got ${JSON.stringify(jwksUrl)})`,
        );
      }
    }
    return { mode, jwksUrl: url ?? new URL("http://invalid.invalid/"), issuer };
  }
  if (mode) {
    problems.push(
      `${LOOKUP_ENV.tokenVerification} must be platform or jwks (got ${JSON.stringify(mode)})`,
    );
  }
  return { mode: "platform", issuers: GOOGLE_ISSUERS };
}

function parseMs(
  raw: string | undefined,
  name: string,
  fallback: number,
  problems: string[],
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 100 || value > 3_600_000) {
    problems.push(
      `${name} must be a whole number of milliseconds between 100 and 3600000 (got ${JSON.stringify(raw)})`,
    );
    return fallback;
  }
  return value;
}
