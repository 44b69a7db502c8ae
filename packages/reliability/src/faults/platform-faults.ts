/**
 * The platform around the functions breaking: Secret Manager (at start and during a refresh, for
 * both functions), token minting (IAM Credentials `generateIdToken`, here the local issuer) and
 * the token signing keys (JWKS).
 */
import {
  DEFAULT_REFRESH_WAIT_MS,
  DEFAULT_SECRET_READ_TIMEOUT_MS,
} from "@jsm-odoo/function-runtime";
import type { LocalFunction } from "@jsm-odoo/local-stack/testing";
import { SECRET_READ_BUDGET_MS } from "@jsm-odoo/lookup-function";
import type { Stack } from "../stack.ts";
import { closedPort, refusedConnections } from "./odoo-faults.ts";
import {
  type Armed,
  type Expected,
  type FaultScenario,
  MARGIN_MS,
  MATRIX_DEADLINE_MS,
  type MatrixContext,
  MINT_TIMEOUT_MS,
  SECRET_MANAGER_RECOVERY_MS,
  SECRET_TTL_MS,
  sleep,
  TOKEN_SECRET_AT_START_MS,
  TOKEN_SECRET_REFRESH_MS,
} from "./scenario.ts";

const lookupWithin: Expected["withinMs"] = MATRIX_DEADLINE_MS + MARGIN_MS;
/** A lookup deadline past the bounded secret read, so that the read's own answer shows. */
const LONG_DEADLINE_MS = 8_000;

export const PLATFORM_SCENARIOS: readonly FaultScenario[] = [
  {
    name: "Secret Manager unavailable at start (lookup)",
    fault: `Secret Manager answers 503 UNAVAILABLE before the first request; REQUEST_DEADLINE_MS=${MATRIX_DEADLINE_MS}`,
    fn: "lookup",
    expected: {
      status: 504,
      code: "DEADLINE_EXCEEDED",
      withinMs: lookupWithin,
      // A 504 before the deadline would be a lie.
      notBeforeMs: MATRIX_DEADLINE_MS - 50,
      recoverWithinMs: SECRET_MANAGER_RECOVERY_MS,
    },
    promise: `504 DEADLINE_EXCEEDED: the request deadline (${MATRIX_DEADLINE_MS} ms here) comes before the bounded read (${DEFAULT_SECRET_READ_TIMEOUT_MS} ms); nothing is cached to fall back to`,
    async arm({ stack }) {
      const target = await stack.startLookup("prod", secretManagerLookupEnv(MATRIX_DEADLINE_MS));
      return secretManagerFault(stack, target, false);
    },
  },
  {
    name: "Secret Manager unavailable at start, deadline past the bounded read (lookup)",
    fault: `Secret Manager answers 503 UNAVAILABLE before the first request; REQUEST_DEADLINE_MS=${LONG_DEADLINE_MS}`,
    fn: "lookup",
    expected: {
      status: 503,
      code: "NOT_CONFIGURED",
      withinMs: DEFAULT_SECRET_READ_TIMEOUT_MS + MARGIN_MS,
      recoverWithinMs: SECRET_MANAGER_RECOVERY_MS,
    },
    promise: `503 NOT_CONFIGURED (secrets unreadable, nothing cached) once the bounded read (DEFAULT_SECRET_READ_TIMEOUT_MS, ${DEFAULT_SECRET_READ_TIMEOUT_MS} ms) gives up, before the deadline`,
    async arm({ stack }) {
      const target = await stack.startLookup("prod", secretManagerLookupEnv(LONG_DEADLINE_MS));
      return secretManagerFault(stack, target, false);
    },
  },
  {
    name: "Secret Manager unavailable during a refresh (lookup)",
    fault: `Secret Manager answers 503 UNAVAILABLE once SECRET_TTL_MS=${SECRET_TTL_MS} has passed`,
    fn: "lookup",
    expected: {
      status: 200,
      code: null,
      withinMs: SECRET_READ_BUDGET_MS + MARGIN_MS,
      recoverWithinMs: 0,
    },
    promise: `200 with the last good credentials, within SECRET_READ_BUDGET_MS (${SECRET_READ_BUDGET_MS} ms)`,
    async arm({ stack }) {
      const target = await stack.startLookup("prod", {
        ...secretManagerLookupEnv(MATRIX_DEADLINE_MS),
        // Above the read budget: a slow refresh must fall back, not run into the deadline.
        REQUEST_DEADLINE_MS: String(SECRET_READ_BUDGET_MS * 2),
        SECRET_TTL_MS: String(SECRET_TTL_MS),
      });
      return secretManagerFault(stack, target, true);
    },
  },
  {
    name: "Secret Manager unavailable at start (token)",
    fault: "Secret Manager answers 503 UNAVAILABLE before access_password was ever read",
    fn: "token",
    expected: {
      status: 503,
      code: "SERVICE_UNAVAILABLE",
      withinMs: TOKEN_SECRET_AT_START_MS,
      recoverWithinMs: SECRET_MANAGER_RECOVERY_MS,
    },
    promise: `503 SERVICE_UNAVAILABLE: access_password unreadable, once the bounded read (DEFAULT_SECRET_READ_TIMEOUT_MS, ${DEFAULT_SECRET_READ_TIMEOUT_MS} ms) gives up`,
    async arm({ stack }) {
      const target = await stack.startToken(
        { SECRETS_SOURCE: "secret-manager" },
        { secrets: "secret-manager" },
      );
      return secretManagerFault(stack, target, false);
    },
  },
  {
    name: "Secret Manager unavailable during a refresh (token)",
    fault: `Secret Manager answers 503 UNAVAILABLE once SECRET_TTL_MS=${SECRET_TTL_MS} has passed`,
    fn: "token",
    expected: {
      status: 200,
      code: null,
      withinMs: TOKEN_SECRET_REFRESH_MS,
      recoverWithinMs: 0,
    },
    promise: `200: the last good access_password keeps serving once DEFAULT_REFRESH_WAIT_MS (${DEFAULT_REFRESH_WAIT_MS} ms) has passed`,
    async arm({ stack }) {
      const target = await stack.startToken(
        { SECRETS_SOURCE: "secret-manager", SECRET_TTL_MS: String(SECRET_TTL_MS) },
        { secrets: "secret-manager" },
      );
      return secretManagerFault(stack, target, true);
    },
  },
  {
    name: "Token minting unreachable",
    fault: "nothing listens at IAM_CREDENTIALS_ENDPOINT (TCP gate closed: ECONNREFUSED)",
    fn: "token",
    expected: {
      status: 502,
      code: "TOKEN_UNAVAILABLE",
      withinMs: MINT_TIMEOUT_MS + MARGIN_MS,
      recoverWithinMs: 0,
    },
    promise: "502 TOKEN_UNAVAILABLE: IAM Credentials refused or did not answer",
    arm: (context) => mintingFault(context, "refuse"),
  },
  {
    name: "Token minting answers 503",
    fault: "IAM_CREDENTIALS_ENDPOINT answers 503 UNAVAILABLE (Google's JSON error)",
    fn: "token",
    expected: {
      status: 502,
      code: "TOKEN_UNAVAILABLE",
      withinMs: MINT_TIMEOUT_MS + MARGIN_MS,
      recoverWithinMs: 0,
    },
    promise: "502 TOKEN_UNAVAILABLE: IAM Credentials refused or did not answer",
    arm: (context) => mintingFault(context, "unavailable"),
  },
  {
    name: "Token signing keys unreachable",
    fault: "nothing listens at JWKS_URL (TCP gate closed) before the keys were ever fetched",
    fn: "lookup",
    expected: {
      status: 503,
      code: "TOKEN_KEYS_UNAVAILABLE",
      withinMs: lookupWithin,
      recoverWithinMs: 0,
    },
    promise: "503 TOKEN_KEYS_UNAVAILABLE: token keys unreachable",
    async arm({ stack, gate }) {
      const keys = await gate(new URL(stack.issuer.jwksUrl).origin);
      const target = await stack.startLookup("prod", {
        REQUEST_DEADLINE_MS: String(MATRIX_DEADLINE_MS),
        JWKS_URL: `${keys.url}${new URL(stack.issuer.jwksUrl).pathname}`,
      });
      return closedPort(target, keys, false);
    },
  },
];

/** A lookup reading its Odoo secrets from the local Secret Manager, not from env. */
function secretManagerLookupEnv(deadlineMs: number): Record<string, string> {
  return {
    SECRETS_SOURCE: "secret-manager",
    REQUEST_DEADLINE_MS: String(deadlineMs),
    ODOO_PROD_SERVER: "",
    ODOO_PROD_DB: "",
    ODOO_PROD_USER: "",
    ODOO_PROD_PASS: "",
  };
}

function secretManagerFault(stack: Stack, target: LocalFunction, warmUp: boolean): Armed {
  const { secretManager } = stack;
  let before = 0;
  return {
    target,
    warmUp,
    async breakIt() {
      secretManager.failWith(503);
      if (warmUp) await sleep(SECRET_TTL_MS + 20);
      before = secretManager.requests.length;
    },
    async heal() {
      secretManager.failWith(undefined);
    },
    hits: () => secretManager.requests.length - before,
    secrets: [],
  };
}

async function mintingFault(
  { stack, gate }: MatrixContext,
  state: "refuse" | "unavailable",
): Promise<Armed> {
  const iam = await gate(stack.issuer.url);
  // A fresh token function: the shared one may hold a cached token and never call IAM.
  const target = await stack.startToken({ IAM_CREDENTIALS_ENDPOINT: iam.url });
  let before = 0;
  return {
    target,
    warmUp: false,
    async breakIt() {
      before = iam.blocked();
      await iam.set(state);
    },
    heal: () => iam.set("open"),
    // A refused connection leaves no trace at the gate; the token function's "token minting
    // failed" line names its root cause (ECONNREFUSED) since the logger keeps causes (F3).
    hits: (logs) => (state === "unavailable" ? iam.blocked() - before : refusedConnections(logs)),
    secrets: [],
  };
}
