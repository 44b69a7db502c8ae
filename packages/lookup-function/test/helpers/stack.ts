/**
 * The whole local flow over real HTTP, for end-to-end tests: the Odoo emulator with demo data,
 * the local issuer, the real token function and lookup functions served by the Functions
 * Framework (its Express stack with body parsers, as in Google Cloud), each on a free port.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { answerFrameworkBodyErrors, createLogger } from "@jsm-odoo/function-runtime";
import { type RunningLocalIssuer, startLocalIssuer } from "@jsm-odoo/local-issuer";
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { createTokenFunction } from "@jsm-odoo/token-function";
import { createLookupFunction } from "../../src/function.ts";
import { sendBodyRefusal } from "../../src/responses.ts";

export const ACCESS_PASSWORD = "e2e-Access-Kq7Zx3Lp9Vb2Nm5Rt8Wc4Hd6";
export const AUDIENCE = {
  prod: "https://lookup-prod.local.test/jsm-odoo-lookup-prod",
  stage: "https://lookup-stage.local.test/jsm-odoo-lookup-stage",
};
export const TRIGGER = {
  prod: "odoo-trigger-prod@local-project.iam.gserviceaccount.com",
  stage: "odoo-trigger-stage@local-project.iam.gserviceaccount.com",
};

export interface Stack {
  emulator: RunningEmulator;
  issuer: RunningLocalIssuer;
  tokenUrl: string;
  /** Starts a lookup function for `environment` with extra env; returns its URL. */
  startLookup(
    environment: "prod" | "stage",
    env?: Record<string, string>,
    options?: { secretManagerClientOptions?: object },
  ): Promise<LookupInstance>;
  /** Every log line written by the functions so far. */
  logs: string[];
  /** Every secret value the stack handed out, for the "never in logs" check. */
  secrets(): string[];
  close(): Promise<void>;
}

export interface LookupInstance {
  url: string;
  /** The environment object the function reads secrets from; mutate it to rotate a secret. */
  env: Record<string, string | undefined>;
}

let registered = 0;

async function serve(handler: functions.HttpFunction): Promise<{ server: Server; url: string }> {
  const name = `test-function-${process.pid}-${registered++}`;
  functions.http(name, handler);
  const server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

export async function startStack(): Promise<Stack> {
  const logs: string[] = [];
  const write = (line: string) => logs.push(line);
  // As src/entry.ts does in the artifact: the framework's body-parser refusals in our JSON.
  const bodyErrors = answerFrameworkBodyErrors(createLogger({ write }), {
    respond: sendBodyRefusal,
  });
  const emulator = await startEmulator();
  const issuer = await startLocalIssuer();
  const servers: Server[] = [];
  const envs: Record<string, string | undefined>[] = [];

  const tokenEnv = {
    SECRETS_SOURCE: "env",
    SECRETS_ENV_FILE: "/nonexistent/.env",
    ACCESS_PASSWORD,
    MAX_INSTANCES: "1",
    TOKEN_MINTER: "local",
    IAM_CREDENTIALS_ENDPOINT: issuer.url,
    LOOKUP_URL_PROD: AUDIENCE.prod,
    LOOKUP_URL_STAGE: AUDIENCE.stage,
    TRIGGER_ACCOUNT_PROD: TRIGGER.prod,
    TRIGGER_ACCOUNT_STAGE: TRIGGER.stage,
  };
  const token = await serve(createTokenFunction(tokenEnv, { write }) as functions.HttpFunction);
  servers.push(token.server);

  return {
    emulator,
    issuer,
    tokenUrl: token.url,
    logs,
    async startLookup(environment, extra = {}, options = {}) {
      const upper = environment.toUpperCase();
      const env: Record<string, string | undefined> = {
        ENVIRONMENT: environment,
        SECRETS_SOURCE: "env",
        SECRETS_ENV_FILE: "/nonexistent/.env",
        EXPECTED_AUDIENCE: AUDIENCE[environment],
        TRIGGER_ACCOUNT: TRIGGER[environment],
        TOKEN_VERIFICATION: "jwks",
        JWKS_URL: issuer.jwksUrl,
        TOKEN_ISSUER: issuer.issuer,
        [`ODOO_${upper}_SERVER`]: emulator.url,
        [`ODOO_${upper}_DB`]: emulator.db,
        [`ODOO_${upper}_USER`]: DEMO.users.integration.login,
        [`ODOO_${upper}_PASS`]: DEMO.users.integration.apiKey,
        ...extra,
      };
      envs.push(env);
      const handler = createLookupFunction(env, { ...options, logger: createLogger({ write }) });
      const lookup = await serve(handler as functions.HttpFunction);
      servers.push(lookup.server);
      return { url: lookup.url, env };
    },
    secrets: () =>
      [
        ACCESS_PASSWORD,
        DEMO.users.integration.apiKey,
        DEMO.users.integration.password,
        ...envs.flatMap((env) => [env.ODOO_PROD_PASS, env.ODOO_STAGE_PASS]),
      ].filter((value): value is string => !!value),
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      bodyErrors.restore();
      await issuer.close();
      await emulator.close();
    },
  };
}

/** Request 1 of the JSM rule, earlier contract: credentials in headers, raw token back. */
export async function legacyToken(stack: Stack, environment: string): Promise<Response> {
  return fetch(stack.tokenUrl, {
    method: "POST",
    headers: { password: ACCESS_PASSWORD, environment },
  });
}

/** Request 1, our contract. */
export async function jsonToken(
  stack: Stack,
  environment: string,
  password = ACCESS_PASSWORD,
): Promise<Response> {
  return fetch(stack.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password, environment }),
  });
}

/** Request 2: the lookup, with a bearer token and a JSON body. */
export function lookup(
  url: string,
  token: string | undefined,
  body: unknown,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    ...init,
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(init.headers as Record<string, string> | undefined),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
