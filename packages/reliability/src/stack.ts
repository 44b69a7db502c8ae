/**
 * The local deployment the reliability runs attack, all over real HTTP on 127.0.0.1: the Odoo
 * emulator (demo data, fault and latency injection), a local Secret Manager (the real client
 * library against a REST stand-in), the local token issuer (stand-in for IAM `generateIdToken`),
 * and the real token and lookup functions served by the Functions Framework's own Express stack,
 * with the framework's body-parser refusals answered as src/entry.ts does in the artifacts.
 *
 * Each stand-in can be broken on purpose (`emulator.faults`, `secretManager.failWith`,
 * `stopIssuer`), which is what the fault matrix does.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import {
  answerFrameworkBodyErrors,
  createLogger,
  secretManagerSource,
} from "@jsm-odoo/function-runtime";
import { type FakeSecretManager, startFakeSecretManager } from "@jsm-odoo/function-runtime/testing";
import { type RunningLocalIssuer, signTestToken, startLocalIssuer } from "@jsm-odoo/local-issuer";
import { createLookupFunction } from "@jsm-odoo/lookup-function";
import {
  DEMO,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from "@jsm-odoo/odoo-emulator";
import { createTokenFunction } from "@jsm-odoo/token-function";

export type Environment = "prod" | "stage";

/** About 180 bits, as the token function demands (≥ 128). */
export const ACCESS_PASSWORD = "rel-Access-Password-7f3a9c1e5b2d8046aa";
export const PROJECT = "reliability-project";
export const AUDIENCE: Record<Environment, string> = {
  prod: "https://lookup-prod.reliability.test/jsm-odoo-lookup-prod",
  stage: "https://lookup-stage.reliability.test/jsm-odoo-lookup-stage",
};
export const TRIGGER: Record<Environment, string> = {
  prod: "odoo-trigger-prod@reliability-project.iam.gserviceaccount.com",
  stage: "odoo-trigger-stage@reliability-project.iam.gserviceaccount.com",
};

export interface StackOptions {
  /** Passed to the emulator (latency, Odoo version...). */
  emulator?: EmulatorOptions;
  /**
   * Where the lookup function reads the Odoo secrets: "env" (default) or "secret-manager" (the
   * real @google-cloud/secret-manager client against the local REST stand-in).
   */
  secrets?: "env" | "secret-manager";
  /** Extra environment for every lookup function (e.g. REQUEST_DEADLINE_MS, SECRET_TTL_MS). */
  lookupEnv?: Record<string, string>;
  /** Extra environment for the token function (e.g. MAX_INSTANCES). */
  tokenEnv?: Record<string, string>;
}

export interface ServedFunction {
  url: string;
  /** The environment object the function was built from; lookup secrets are read from it lazily. */
  env: Record<string, string | undefined>;
}

export interface Stack {
  emulator: RunningEmulator;
  issuer: RunningLocalIssuer;
  secretManager: FakeSecretManager;
  token: ServedFunction;
  lookup: Record<Environment, ServedFunction>;
  /**
   * Another token function (fresh token and secret caches), with extra env. `secrets:
   * "secret-manager"` reads `access_password` through the real client from the local Secret
   * Manager instead of `ACCESS_PASSWORD`.
   */
  startToken(
    env?: Record<string, string>,
    options?: { secrets?: "env" | "secret-manager" },
  ): Promise<ServedFunction>;
  /** Emulator calls answered with an injected fault so far (evidence that a fault was hit). */
  faultHits(): number;
  /** Another lookup function for `environment` (fresh caches), with extra env. */
  startLookup(environment: Environment, env?: Record<string, string>): Promise<ServedFunction>;
  /** A valid bearer token for `environment`, signed by the local issuer (no HTTP round trip). */
  signToken(environment: Environment): Promise<string>;
  /** Stops the local issuer: token minting becomes unreachable (connection refused). */
  stopIssuer(): Promise<void>;
  /** Every log line the functions wrote so far. */
  logs: string[];
  /** Every secret the stack handed out: none may appear in a response or a log line. */
  secrets(): string[];
  close(): Promise<void>;
}

let registered = 0;

async function serve(handler: functions.HttpFunction): Promise<{ server: Server; url: string }> {
  const name = `reliability-${process.pid}-${registered++}`;
  functions.http(name, handler);
  const server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const logs: string[] = [];
  const write = (line: string) => logs.push(line);
  const bodyErrors = answerFrameworkBodyErrors(createLogger({ write }));
  const [emulator, issuer, secretManager] = await Promise.all([
    startEmulator(options.emulator),
    startLocalIssuer(),
    startFakeSecretManager(),
  ]);
  let issuerStopped = false;
  const servers: Server[] = [];
  const envs: Record<string, string | undefined>[] = [];
  const integration = DEMO.users.integration;
  for (const environment of ["prod", "stage"] as const) {
    const set = (name: string, value: string) =>
      secretManager.setSecret(PROJECT, `odoo_${environment}_${name}`, value);
    set("server", emulator.url);
    set("db", emulator.db);
    set("user", integration.login);
    set("pass", integration.apiKey);
  }

  secretManager.setSecret(PROJECT, "access_password", ACCESS_PASSWORD);
  const faultHits = countFaultHits(emulator);

  async function startToken(
    extra: Record<string, string> = {},
    tokenOptions: { secrets?: "env" | "secret-manager" } = {},
  ): Promise<ServedFunction> {
    const env: Record<string, string | undefined> = {
      SECRETS_SOURCE: "env",
      SECRETS_ENV_FILE: "/nonexistent/.env",
      ACCESS_PASSWORD,
      ENVIRONMENTS: "prod,stage",
      MAX_INSTANCES: "1",
      TOKEN_MINTER: "local",
      IAM_CREDENTIALS_ENDPOINT: issuer.url,
      LOOKUP_URL_PROD: AUDIENCE.prod,
      LOOKUP_URL_STAGE: AUDIENCE.stage,
      TRIGGER_ACCOUNT_PROD: TRIGGER.prod,
      TRIGGER_ACCOUNT_STAGE: TRIGGER.stage,
      GOOGLE_CLOUD_PROJECT: PROJECT,
      ...options.tokenEnv,
      ...extra,
    };
    const secrets =
      tokenOptions.secrets === "secret-manager"
        ? secretManagerSource({ project: PROJECT, clientOptions: secretManager.clientOptions })
        : undefined;
    const handler = createTokenFunction(env, { write, ...(secrets ? { secrets } : {}) });
    const served = await serve(handler as functions.HttpFunction);
    servers.push(served.server);
    return { url: served.url, env };
  }
  const token = await startToken();

  async function startLookup(
    environment: Environment,
    extra: Record<string, string> = {},
  ): Promise<ServedFunction> {
    const upper = environment.toUpperCase();
    const fromEnv = (options.secrets ?? "env") === "env";
    const env: Record<string, string | undefined> = {
      ENVIRONMENT: environment,
      SECRETS_SOURCE: fromEnv ? "env" : "secret-manager",
      SECRETS_ENV_FILE: "/nonexistent/.env",
      GOOGLE_CLOUD_PROJECT: PROJECT,
      EXPECTED_AUDIENCE: AUDIENCE[environment],
      TRIGGER_ACCOUNT: TRIGGER[environment],
      TOKEN_VERIFICATION: "jwks",
      JWKS_URL: issuer.jwksUrl,
      TOKEN_ISSUER: issuer.issuer,
      ...(fromEnv
        ? {
            [`ODOO_${upper}_SERVER`]: emulator.url,
            [`ODOO_${upper}_DB`]: emulator.db,
            [`ODOO_${upper}_USER`]: integration.login,
            [`ODOO_${upper}_PASS`]: integration.apiKey,
          }
        : {}),
      ...options.lookupEnv,
      ...extra,
    };
    envs.push(env);
    const handler = createLookupFunction(env, {
      logger: createLogger({ write }),
      secretManagerClientOptions: secretManager.clientOptions,
    });
    const served = await serve(handler as functions.HttpFunction);
    servers.push(served.server);
    return { url: served.url, env };
  }

  const lookup = { prod: await startLookup("prod"), stage: await startLookup("stage") };
  return {
    emulator,
    issuer,
    secretManager,
    token,
    lookup,
    startToken,
    startLookup,
    faultHits,
    signToken: (environment) =>
      signTestToken(issuer, {
        aud: AUDIENCE[environment],
        email: TRIGGER[environment],
        email_verified: true,
      }),
    async stopIssuer() {
      if (issuerStopped) return;
      issuerStopped = true;
      await issuer.close();
    },
    logs,
    secrets: () =>
      [
        ACCESS_PASSWORD,
        integration.apiKey,
        integration.password,
        ...envs.flatMap((env) => [env.ODOO_PROD_PASS, env.ODOO_STAGE_PASS]),
      ].filter((value): value is string => !!value),
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      bodyErrors.restore();
      await Promise.all([
        issuerStopped ? undefined : issuer.close(),
        emulator.close(),
        secretManager.close(),
      ]);
    },
  };
}

/**
 * Counts the emulator calls a fault rule answered. The injector's public API only says how many
 * rules are armed, which cannot tell a rule that fired from one that was never reached; the
 * emulator asks `take(target)` once per call, so wrapping it counts real hits.
 */
function countFaultHits(emulator: RunningEmulator): () => number {
  const injector = emulator.faults as RunningEmulator["faults"] & {
    take?: (target: unknown) => unknown;
  };
  const take = injector.take;
  if (typeof take !== "function") {
    throw new Error("odoo-emulator: the fault injector has no take(); update countFaultHits");
  }
  let hits = 0;
  injector.take = (target) => {
    const kind = take.call(injector, target);
    if (kind !== undefined) hits += 1;
    return kind;
  };
  return () => hits;
}

/** Which of `secrets` occur in `text` (by position in the list, never the value itself). */
export function leakedSecrets(text: string, secrets: readonly string[]): number[] {
  return secrets.flatMap((secret, index) => (text.includes(secret) ? [index] : []));
}
