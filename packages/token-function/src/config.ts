import {
  ENVIRONMENTS,
  type Environment,
  problemsMessage,
  readSecretsSettings,
  readSettings,
  SECRET_TTL_MS_RULE,
  type SecretsSourceKind,
  TRIGGER_ACCOUNT_RULE,
} from "@jsm-odoo/function-runtime";
import { lookupUrlVariable, TOKEN_ENV, triggerAccountVariable } from "./deployment.ts";
import { TokenError } from "./errors.ts";

export const TOKEN_MINTERS = ["iam", "local"] as const;
export type TokenMinterKind = (typeof TOKEN_MINTERS)[number];

/** Google's IAM Credentials API, the default endpoint for `TOKEN_MINTER=iam`. */
export const GOOGLE_IAM_CREDENTIALS_ENDPOINT = "https://iamcredentials.googleapis.com";
/** Largest request body accepted: a password and an environment name fit in far less. */
export const MAX_BODY_BYTES = 4 * 1024;

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

/**
 * Reads the token function's configuration once, from an injected environment. Throws
 * CONFIG_INVALID listing every problem, one clear message each.
 */
export function parseTokenConfig(env: Record<string, string | undefined>): TokenConfig {
  const settings = readSettings(env);
  const secrets = readSecretsSettings(settings);

  const served = settings.listOf(TOKEN_ENV.environments, ENVIRONMENTS, { default: ENVIRONMENTS });
  const environments: Partial<Record<Environment, EnvironmentTarget>> = {};
  for (const environment of served ?? []) {
    const lookupUrl = settings.url(lookupUrlVariable(environment), {
      required: `the ${environment} lookup function's URL, the audience of its tokens`,
    });
    const triggerAccount = settings.matching(triggerAccountVariable(environment), {
      ...TRIGGER_ACCOUNT_RULE,
      required: `the service account whose ID tokens open the ${environment} lookup`,
    });
    if (lookupUrl && triggerAccount) environments[environment] = { lookupUrl, triggerAccount };
  }

  const maxInstances = settings.integer(TOKEN_ENV.maxInstances, {
    min: 1,
    max: GLOBAL_FAILURES_PER_HOUR,
    what: "the function's max instances, which divides the hourly failure budget",
  });
  const tokenMinter = settings.oneOf(TOKEN_ENV.tokenMinter, TOKEN_MINTERS);
  const endpoint = settings.url(TOKEN_ENV.iamCredentialsEndpoint, {
    ...(tokenMinter === "local"
      ? { required: "TOKEN_MINTER=local asks the local issuer at this address" }
      : { default: GOOGLE_IAM_CREDENTIALS_ENDPOINT }),
  });
  if (endpoint && tokenMinter === "iam" && !endpoint.startsWith("https://")) {
    settings.problem(
      `${TOKEN_ENV.iamCredentialsEndpoint} must be https:// with TOKEN_MINTER=iam (an access token is sent to it)`,
    );
  }
  const secretTtlMs = settings.integer(TOKEN_ENV.secretTtlMs, SECRET_TTL_MS_RULE);

  const problems = settings.problems();
  if (
    problems.length > 0 ||
    !secrets ||
    !tokenMinter ||
    !maxInstances ||
    !endpoint ||
    secretTtlMs === undefined
  ) {
    throw new TokenError(
      "CONFIG_INVALID",
      problemsMessage("token function configuration is invalid", problems),
      { problems },
    );
  }
  return {
    secretsSource: secrets.source,
    ...(secrets.project ? { project: secrets.project } : {}),
    environments,
    maxInstances,
    failuresPerHour: Math.floor(GLOBAL_FAILURES_PER_HOUR / maxInstances),
    tokenMinter,
    iamCredentialsEndpoint: endpoint.replace(/\/+$/, ""),
    secretTtlMs,
  };
}
