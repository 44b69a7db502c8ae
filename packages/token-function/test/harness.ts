import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { type RunningLocalIssuer, startLocalIssuer } from "@jsm-odoo/local-issuer";
import { createTokenFunction, type TokenFunctionOptions } from "../src/index.ts";

/** A strong access password (30 base64url characters, about 180 bits). */
export const PASSWORD = "q7Vd2Lx9_Rk4mZ-pT1wYc8HnB3sJf6";
export const TRIGGER_PROD = "odoo-trigger-prod@demo.iam.gserviceaccount.com";
export const TRIGGER_STAGE = "odoo-trigger-stage@demo.iam.gserviceaccount.com";
export const LOOKUP_PROD = "http://127.0.0.1:1/odoo-prod";
export const LOOKUP_STAGE = "http://127.0.0.1:1/odoo-stage";

/** The environment of a local deployment: env secrets, the local issuer, both environments. */
export function localEnv(issuer: RunningLocalIssuer): Record<string, string | undefined> {
  return {
    SECRETS_SOURCE: "env",
    SECRETS_ENV_FILE: "/nonexistent/.env",
    ACCESS_PASSWORD: PASSWORD,
    ENVIRONMENTS: "prod,stage",
    MAX_INSTANCES: "2",
    TOKEN_MINTER: "local",
    IAM_CREDENTIALS_ENDPOINT: issuer.url,
    LOOKUP_URL_PROD: LOOKUP_PROD,
    LOOKUP_URL_STAGE: LOOKUP_STAGE,
    TRIGGER_ACCOUNT_PROD: TRIGGER_PROD,
    TRIGGER_ACCOUNT_STAGE: TRIGGER_STAGE,
    GOOGLE_CLOUD_PROJECT: "demo",
  };
}

export interface RunningTokenFunction {
  url: string;
  /** Every log line the function wrote. */
  logs: string[];
  /** Log entries, parsed. */
  entries(): Record<string, unknown>[];
  close(): Promise<void>;
}

let counter = 0;

/**
 * Registers a token function built from `env` with the Functions Framework under a fresh name
 * and serves it over real HTTP on 127.0.0.1 through `getTestServer` (the framework's own
 * middleware: body parsing, rawBody, routing).
 */
export async function serveTokenFunction(
  env: Record<string, string | undefined>,
  options: TokenFunctionOptions = {},
): Promise<RunningTokenFunction> {
  const logs: string[] = [];
  const name = `token-test-${++counter}`;
  functions.http(name, createTokenFunction(env, { write: (line) => logs.push(line), ...options }));
  const server: Server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    logs,
    entries: () => logs.map((line) => JSON.parse(line) as Record<string, unknown>),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function legacyRequest(
  url: string,
  headers: Record<string, string | undefined>,
): Promise<Response> {
  const sent = Object.entries(headers).filter((entry): entry is [string, string] => !!entry[1]);
  return fetch(url, { method: "POST", headers: sent });
}

export function jsonRequest(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export { startLocalIssuer };
