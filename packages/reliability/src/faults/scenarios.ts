/**
 * The fault matrix of issue 8: every way the stand-ins around the functions can break, and what
 * the documentation promises the caller then gets. Statuses and codes come from
 * docs/openapi.yaml, packages/lookup-function/README.md (`ERROR_RESPONSES`) and
 * packages/token-function/README.md (`REFUSALS`).
 */
import { DEMO, type FaultKind } from "@jsm-odoo/odoo-emulator";
import type { ServedFunction, Stack } from "../stack.ts";
import type { Gate } from "./gate.ts";

/** Short request deadline of the lookups under test, so a hang costs 1.5 s, not 25 s. */
export const MATRIX_DEADLINE_MS = 1_500;
/**
 * Longest a lookup waits for a Secret Manager refresh when it already has a connection
 * (lookup-function's SECRET_READ_BUDGET_MS, not exported by its index).
 */
export const SECRET_READ_BUDGET_MS = 2_000;
/**
 * The token function has no request deadline; it bounds each call to its dependencies at 10 s:
 * `generateIdToken` (MINT_TIMEOUT_MS) and Secret Manager (function-runtime's
 * secretManagerSource `timeoutMs`, "passed to the client as its call timeout", default 10 s).
 */
export const TOKEN_BUDGET_MS = 10_000;
/** Scheduling slack on a shared 2-core machine, added to every time limit. */
export const MARGIN_MS = 750;
const SECRET_TTL_MS = 100;
/**
 * @google-cloud/secret-manager retries UNAVAILABLE on AccessSecretVersion with 2 s, 4 s, 8 s...
 * backoff (secret_manager_service_client_config.json); a read started during an outage ends at
 * its next attempt after the outage, and requests waiting for it share its fate until then.
 */
export const SECRET_MANAGER_RETRY_WINDOW_MS = 20_000;

export type FunctionName = "lookup" | "token";

export interface Expected {
  status: number;
  /** `error.code` of the JSON error; null for a success (the fault must be absorbed). */
  code: string | null;
  /** The answer must arrive within this many milliseconds of sending the request. */
  withinMs: number;
  /** The answer must not come before this (a 504 before the deadline would be a lie). */
  notBeforeMs?: number;
  /**
   * Also documented: 504 DEADLINE_EXCEEDED at the deadline ("the request deadline passed"),
   * for a wait only the deadline bounds (no cached value to fall back to).
   */
  orDeadline?: boolean;
  /**
   * How long the same instance may take to answer 200 again once the fault is gone (a retry
   * already under way finishes on its own schedule). 0: the very next request.
   */
  recoverWithinMs: number;
}

/** A scenario made ready: a function instance, and how to break and heal its stand-in. */
export interface Armed {
  target: ServedFunction;
  /** Send one normal request before breaking (a cache to refresh, a session to lose). */
  warmUp: boolean;
  breakIt(): Promise<void>;
  /** Ends the fault, and waits for whatever the function needs to notice (a secret TTL). */
  heal(): Promise<void>;
  /** Calls that met the fault so far; undefined when nothing can count them (a closed port). */
  hits(): number | undefined;
  /** Values only this scenario knows that must not leak either (a wrong password). */
  secrets: string[];
}

export interface FaultScenario {
  /** In an operator's words. */
  name: string;
  /** How the stand-in is broken. */
  fault: string;
  fn: FunctionName;
  expected: Expected;
  /** The documented behaviour, in words, for the report. */
  promise: string;
  arm(context: MatrixContext): Promise<Armed>;
}

export interface MatrixContext {
  stack: Stack;
  /** A lookup (deadline MATRIX_DEADLINE_MS) shared by the emulator faults; already warm. */
  lookup: ServedFunction;
  /** A gate the run closes at the end. */
  gate(target: string): Promise<Gate>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lookupWithin: Expected["withinMs"] = MATRIX_DEADLINE_MS + MARGIN_MS;

/** A fault injected into the emulator, against the shared warm lookup. */
function emulatorFault(name: string, fault: string, kind: FaultKind, match = {}): FaultScenario {
  return {
    name,
    fault,
    fn: "lookup",
    expected: { status: 502, code: "ODOO_FAILED", withinMs: lookupWithin, recoverWithinMs: 0 },
    promise: "502 ODOO_FAILED: Odoo refused the credentials, is unreachable or answered garbage",
    async arm({ stack, lookup }) {
      const before = stack.faultHits();
      return {
        target: lookup,
        warmUp: false,
        breakIt: async () => stack.emulator.faults.inject({ match, kind }),
        heal: async () => stack.emulator.faults.clear(),
        hits: () => stack.faultHits() - before,
        secrets: [],
      };
    },
  };
}

const WRONG_API_KEY = "rel-wrong-odoo-key-5d1e0c2b9a8f7e6d";

export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  {
    name: "Odoo refuses connections",
    fault: "nothing listens on Odoo's port (TCP gate closed: ECONNREFUSED)",
    fn: "lookup",
    expected: { status: 502, code: "ODOO_FAILED", withinMs: lookupWithin, recoverWithinMs: 0 },
    promise: "502 ODOO_FAILED: Odoo is unreachable",
    async arm({ stack, gate }) {
      const odoo = await gate(stack.emulator.url);
      const target = await stack.startLookup("prod", {
        REQUEST_DEADLINE_MS: String(MATRIX_DEADLINE_MS),
        ODOO_PROD_SERVER: odoo.url,
      });
      return {
        target,
        warmUp: true,
        breakIt: () => odoo.set("refuse"),
        heal: () => odoo.set("open"),
        hits: () => undefined,
        secrets: [],
      };
    },
  },
  emulatorFault(
    "Odoo drops the connection mid-request",
    'emulator fault "refuse-connection" on every call (socket destroyed after the request)',
    "refuse-connection",
  ),
  {
    name: "Odoo hangs past the deadline",
    fault: `emulator fault "hang" on every call; REQUEST_DEADLINE_MS=${MATRIX_DEADLINE_MS}`,
    fn: "lookup",
    expected: {
      status: 504,
      code: "DEADLINE_EXCEEDED",
      withinMs: lookupWithin,
      notBeforeMs: MATRIX_DEADLINE_MS - 50,
      recoverWithinMs: 0,
    },
    promise: "504 DEADLINE_EXCEEDED when the request deadline passes (Odoo calls are aborted)",
    async arm(context) {
      return emulatorFault("", "", "hang").arm(context);
    },
  },
  emulatorFault(
    "Odoo's proxy answers 502 with an HTML page",
    'emulator fault "http-502": nginx\'s HTML "502 Bad Gateway" page, Server: nginx',
    "http-502",
  ),
  emulatorFault(
    "Odoo sends malformed XML",
    'emulator fault "malformed-xml": a 200 XML-RPC answer cut off mid-document',
    "malformed-xml",
  ),
  {
    name: "Odoo rejects the credentials",
    fault: "odoo_prod_pass holds a wrong API key (authenticate answers false)",
    fn: "lookup",
    expected: { status: 502, code: "ODOO_FAILED", withinMs: lookupWithin, recoverWithinMs: 0 },
    promise: "502 ODOO_FAILED: Odoo refused the credentials",
    async arm({ stack }) {
      const target = await stack.startLookup("prod", {
        REQUEST_DEADLINE_MS: String(MATRIX_DEADLINE_MS),
        SECRET_TTL_MS: String(SECRET_TTL_MS),
      });
      let before = 0;
      return {
        target,
        warmUp: true,
        async breakIt() {
          target.env.ODOO_PROD_PASS = WRONG_API_KEY;
          await sleep(SECRET_TTL_MS + 20);
          before = stack.emulator.requests();
        },
        async heal() {
          target.env.ODOO_PROD_PASS = DEMO.users.integration.apiKey;
          await sleep(SECRET_TTL_MS + 20);
        },
        // Calls carrying the wrong key: the refusal came from Odoo, not from the function.
        hits: () => stack.emulator.requests() - before,
        secrets: [WRONG_API_KEY],
      };
    },
  },
  emulatorFault(
    "Odoo denies access to a model",
    "emulator XML-RPC fault 4 (AccessError) on every stock.lot call",
    {
      fault: { code: 4, string: "You are not allowed to access 'Lot/Serial' (stock.lot) records." },
    },
    { model: "stock.lot" },
  ),
  {
    name: "Secret Manager unavailable at start (lookup)",
    fault: "Secret Manager answers 503 UNAVAILABLE before the first request",
    fn: "lookup",
    expected: {
      status: 503,
      code: "NOT_CONFIGURED",
      withinMs: lookupWithin,
      orDeadline: true,
      recoverWithinMs: SECRET_MANAGER_RETRY_WINDOW_MS,
    },
    promise:
      "503 NOT_CONFIGURED (secrets unreadable, nothing cached), or 504 DEADLINE_EXCEEDED when the Secret Manager client is still retrying at the deadline",
    async arm({ stack }) {
      const target = await stack.startLookup("prod", secretManagerLookupEnv());
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
        ...secretManagerLookupEnv(),
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
      withinMs: TOKEN_BUDGET_MS + MARGIN_MS,
      recoverWithinMs: 0,
    },
    promise: "503 SERVICE_UNAVAILABLE: access_password unreadable",
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
      withinMs: TOKEN_BUDGET_MS + MARGIN_MS,
      recoverWithinMs: 0,
    },
    promise: "200: the last good access_password keeps serving",
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
      withinMs: TOKEN_BUDGET_MS + MARGIN_MS,
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
      withinMs: TOKEN_BUDGET_MS + MARGIN_MS,
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
      return {
        target,
        warmUp: false,
        breakIt: () => keys.set("refuse"),
        heal: () => keys.set("open"),
        hits: () => undefined,
        secrets: [],
      };
    },
  },
];

/** A lookup reading its Odoo secrets from the local Secret Manager, not from env. */
function secretManagerLookupEnv(): Record<string, string> {
  return {
    SECRETS_SOURCE: "secret-manager",
    REQUEST_DEADLINE_MS: String(MATRIX_DEADLINE_MS),
    ODOO_PROD_SERVER: "",
    ODOO_PROD_DB: "",
    ODOO_PROD_USER: "",
    ODOO_PROD_PASS: "",
  };
}

function secretManagerFault(stack: Stack, target: ServedFunction, warmUp: boolean): Armed {
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
    hits: () => (state === "unavailable" ? iam.blocked() - before : undefined),
    secrets: [],
  };
}
