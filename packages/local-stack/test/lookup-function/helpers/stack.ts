/**
 * The end-to-end tests' stack: the local stack (`@jsm-odoo/local-stack/testing`) with the
 * functions in this process, no lookup started up front (each test starts the ones it needs,
 * with its own env), and the framework's body-parser refusals in this function's JSON, as
 * src/entry.ts installs them in the artifact. Below, the two requests a JSM rule sends.
 */

import { sendBodyRefusal } from "@jsm-odoo/lookup-function";
import {
  type InProcessStack,
  LOCAL_ACCESS_PASSWORD,
  type LocalFunction,
  localTriggerAccount,
  startLocalStack,
} from "../../../src/testing.ts";

export type Stack = InProcessStack;
export type LookupInstance = LocalFunction;
export const ACCESS_PASSWORD = LOCAL_ACCESS_PASSWORD;
export const TRIGGER = { prod: localTriggerAccount("prod"), stage: localTriggerAccount("stage") };
/** Audiences shaped like deployed function URLs, known before any lookup starts. */
export const AUDIENCE = {
  prod: "https://lookup-prod.local.test/jsm-odoo-lookup-prod",
  stage: "https://lookup-stage.local.test/jsm-odoo-lookup-stage",
};

export function startStack(): Promise<Stack> {
  return startLocalStack({
    lookups: [],
    audience: AUDIENCE,
    respondToBodyErrors: sendBodyRefusal,
  });
}

/** Request 1 of the JSM rule, earlier contract: credentials in headers, raw token back. */
export async function legacyToken(stack: Stack, environment: string): Promise<Response> {
  return fetch(stack.token.url, {
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
  return fetch(stack.token.url, {
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
