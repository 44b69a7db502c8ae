import {
  DEFAULT_SECRET_TTL_MS,
  ENVIRONMENTS,
  type Environment,
  parseEnvironment,
  SECRETS_SOURCES,
  type SecretsSourceKind,
} from "@jsm-odoo/function-runtime";
import { lookupUrlVariable, TOKEN_ENV, triggerAccountVariable } from "./deployment.ts";
import { TokenError } from "./errors.ts";

export const TOKEN_MINTERS = ["iam", "local"] as const;
export type TokenMinterKind = (typeof TOKEN_MINTERS)[number];

/** Google's IAM Credentials API, the default endpoint for `TOKEN_MINTER=iam`. */
export const GOOGLE_IAM_CREDENTIALS_ENDPOINT = "https://iamcredentials.googleapis.com";
/** ASVS 4.0.3 2.2.1: at most 100 failed attempts per hour on one account (here: the password). */
export const GLOBAL_FAILURES_PER_HOUR = 100;

export interface EnvironmentTarget {
  /** The token's audience: that environment's lookup function URL. */
  lookupUrl: string;
  /** The service account the token is minted for (`odoo-trigger-<env>@...`). */
  triggerAccount: string;
}

export interface TokenConfig {
  secretsSource: SecretsSourceKind;
  project?: string;
  environments: Readonly<Partial<Record<Environment, EnvironmentTarget>>>;
  maxInstances: number;
  /** floor(100 / maxInstances): this instance's failed attempts per rolling hour. */
  failuresPerHour: number;
  tokenMinter: TokenMinterKind;
  iamCredentialsEndpoint: string;
  /** How long `access_password` is served from memory (`SECRET_TTL_MS`, as the lookup function). */
  secretTtlMs: number;
}

const EMAIL = /^[a-z0-9][a-z0-9.-]*@[a-z0-9.-]+\.[a-z]+$/i;

/**
 * Reads the token function's configuration once, from an injected environment. Throws
 * CONFIG_INVALID listing every problem, one clear message each.
 */
export function parseTokenConfig(env: Record<string, string | undefined>): TokenConfig {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;

  const secretsSource = oneOf(
    value(TOKEN_ENV.secretsSource),
    TOKEN_ENV.secretsSource,
    SECRETS_SOURCES,
    problems,
  );
  const project = value(TOKEN_ENV.project);
  if (secretsSource === "secret-manager" && !project) {
    problems.push(
      `${TOKEN_ENV.project} is not set: Secret Manager needs the project that holds the secrets`,
    );
  }

  const served = (value(TOKEN_ENV.environments) ?? ENVIRONMENTS.join(","))
    .split(",")
    .map((s) => s.trim());
  const environments: Partial<Record<Environment, EnvironmentTarget>> = {};
  for (const name of served) {
    const environment = parseEnvironment(name);
    if (!environment || environment !== name.toLowerCase()) {
      problems.push(
        `${TOKEN_ENV.environments} lists ${JSON.stringify(name)}: use a comma-separated subset of ${ENVIRONMENTS.join(", ")}`,
      );
      continue;
    }
    const lookupUrl = httpUrl(
      value(lookupUrlVariable(environment)),
      lookupUrlVariable(environment),
      problems,
    );
    const account = value(triggerAccountVariable(environment));
    if (!account) {
      problems.push(
        `${triggerAccountVariable(environment)} is not set: the service account whose ID tokens open the ${environment} lookup`,
      );
    } else if (!EMAIL.test(account)) {
      problems.push(
        `${triggerAccountVariable(environment)} must be a service-account email (got ${JSON.stringify(account.slice(0, 80))})`,
      );
    }
    if (lookupUrl && account && EMAIL.test(account))
      environments[environment] = { lookupUrl, triggerAccount: account };
  }

  const maxInstances = integer(
    value(TOKEN_ENV.maxInstances),
    TOKEN_ENV.maxInstances,
    1,
    GLOBAL_FAILURES_PER_HOUR,
    problems,
    "the function's max instances, which divides the hourly failure budget",
  );
  const tokenMinter = oneOf(
    value(TOKEN_ENV.tokenMinter),
    TOKEN_ENV.tokenMinter,
    TOKEN_MINTERS,
    problems,
  );
  const endpointValue = value(TOKEN_ENV.iamCredentialsEndpoint);
  let iamCredentialsEndpoint = GOOGLE_IAM_CREDENTIALS_ENDPOINT;
  if (endpointValue || tokenMinter === "local") {
    const url = httpUrl(endpointValue, TOKEN_ENV.iamCredentialsEndpoint, problems);
    if (url && tokenMinter === "iam" && !url.startsWith("https://")) {
      problems.push(
        `${TOKEN_ENV.iamCredentialsEndpoint} must be https:// with TOKEN_MINTER=iam (an access token is sent to it)`,
      );
    }
    if (url) iamCredentialsEndpoint = url.replace(/\/+$/, "");
  }
  const ttlValue = value(TOKEN_ENV.secretTtlMs);
  const secretTtlMs =
    ttlValue === undefined
      ? DEFAULT_SECRET_TTL_MS
      : integer(
          ttlValue,
          TOKEN_ENV.secretTtlMs,
          0,
          86_400_000,
          problems,
          "milliseconds a secret value is cached",
        );

  if (problems.length > 0 || !secretsSource || !tokenMinter || !maxInstances) {
    throw new TokenError(
      "CONFIG_INVALID",
      `token function configuration is invalid: ${problems.join("; ")}`,
      { problems },
    );
  }
  return {
    secretsSource,
    ...(project ? { project } : {}),
    environments,
    maxInstances,
    failuresPerHour: Math.floor(GLOBAL_FAILURES_PER_HOUR / maxInstances),
    tokenMinter,
    iamCredentialsEndpoint,
    secretTtlMs: secretTtlMs ?? DEFAULT_SECRET_TTL_MS,
  };
}

function oneOf<T extends string>(
  raw: string | undefined,
  name: string,
  allowed: readonly T[],
  problems: string[],
): T | undefined {
  if ((allowed as readonly string[]).includes(raw ?? "")) return raw as T;
  const got = raw === undefined ? "it is not set" : `got ${JSON.stringify(raw.slice(0, 40))}`;
  problems.push(`${name} must be one of ${allowed.join(", ")} (${got})`);
  return undefined;
}

function integer(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
  problems: string[],
  what: string,
): number | undefined {
  const parsed = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (parsed >= min && parsed <= max) return parsed;
  const got = raw === undefined ? "it is not set" : `got ${JSON.stringify(raw.slice(0, 40))}`;
  problems.push(`${name} must be an integer from ${min} to ${max}: ${what} (${got})`);
  return undefined;
}

function httpUrl(raw: string | undefined, name: string, problems: string[]): string | undefined {
  if (raw === undefined) {
    problems.push(`${name} is not set`);
    return undefined;
  }
  if (URL.canParse(raw) && /^https?:$/.test(new URL(raw).protocol)) return raw;
  problems.push(`${name} must be an http(s) URL (got ${JSON.stringify(raw.slice(0, 80))})`);
  return undefined;
}
