import { describe, expect, it } from "vitest";
import { parseTokenConfig } from "../src/config.ts";
import type { TokenError } from "../src/errors.ts";

const VALID = {
  SECRETS_SOURCE: "secret-manager",
  GOOGLE_CLOUD_PROJECT: "demo",
  ENVIRONMENTS: "prod",
  MAX_INSTANCES: "3",
  TOKEN_MINTER: "iam",
  LOOKUP_URL_PROD: "https://europe-west1-demo.cloudfunctions.net/odoo-prod",
  TRIGGER_ACCOUNT_PROD: "odoo-trigger-prod@demo.iam.gserviceaccount.com",
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    parseTokenConfig(env);
    return [];
  } catch (error) {
    return (error as TokenError).problems;
  }
}

describe("parseTokenConfig", () => {
  it("reads a Google Cloud deployment with Google's IAM endpoint and a per-instance budget", () => {
    expect(parseTokenConfig(VALID)).toEqual({
      secretsSource: "secret-manager",
      project: "demo",
      environments: {
        prod: {
          lookupUrl: VALID.LOOKUP_URL_PROD,
          triggerAccount: VALID.TRIGGER_ACCOUNT_PROD,
        },
      },
      maxInstances: 3,
      failuresPerHour: 33,
      tokenMinter: "iam",
      iamCredentialsEndpoint: "https://iamcredentials.googleapis.com",
      secretTtlMs: 300_000,
    });
  });

  it.each([
    {
      change: { GOOGLE_CLOUD_PROJECT: undefined },
      problem:
        "GOOGLE_CLOUD_PROJECT is not set: SECRETS_SOURCE=secret-manager needs the project that holds the secrets",
    },
    {
      change: { ENVIRONMENTS: "prod,dev" },
      problem:
        'ENVIRONMENTS must be a comma-separated list of prod, stage, each at most once (got "prod,dev")',
    },
    {
      change: { MAX_INSTANCES: "0" },
      problem:
        'MAX_INSTANCES must be an integer from 1 to 100: the function\'s max instances, which divides the hourly failure budget (got "0")',
    },
    {
      change: { MAX_INSTANCES: "101" },
      problem:
        'MAX_INSTANCES must be an integer from 1 to 100: the function\'s max instances, which divides the hourly failure budget (got "101")',
    },
    {
      change: { TOKEN_MINTER: "key-file" },
      problem: 'TOKEN_MINTER must be one of iam, local (got "key-file")',
    },
    {
      change: { LOOKUP_URL_PROD: "odoo-prod" },
      problem: 'LOOKUP_URL_PROD must be an absolute http or https URL (got "odoo-prod")',
    },
    {
      change: { TRIGGER_ACCOUNT_PROD: "odoo-trigger-prod" },
      problem: 'TRIGGER_ACCOUNT_PROD must be a service-account email (got "odoo-trigger-prod")',
    },
    {
      change: { IAM_CREDENTIALS_ENDPOINT: "http://127.0.0.1:1" },
      problem:
        "IAM_CREDENTIALS_ENDPOINT must be https:// with TOKEN_MINTER=iam (an access token is sent to it)",
    },
    {
      change: { TOKEN_MINTER: "local" },
      problem:
        "IAM_CREDENTIALS_ENDPOINT is not set: TOKEN_MINTER=local asks the local issuer at this address",
    },
    {
      change: { SECRET_TTL_MS: "5m" },
      problem:
        'SECRET_TTL_MS must be an integer from 0 to 3600000: milliseconds a secret value is cached (got "5m")',
    },
    {
      change: { SECRET_TTL_MS: "3600001" },
      problem:
        'SECRET_TTL_MS must be an integer from 0 to 3600000: milliseconds a secret value is cached (got "3600001")',
    },
  ])("reports $change as one clear problem", ({ change, problem }) => {
    expect(problemsOf({ ...VALID, ...change })).toEqual([problem]);
  });

  it("lists every problem at once", () => {
    expect(problemsOf({})).toHaveLength(7);
  });
});
