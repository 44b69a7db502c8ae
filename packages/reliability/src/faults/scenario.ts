/**
 * What a fault scenario is: the function it attacks, how its stand-in is broken and healed,
 * and the documented answer with its time limits. Statuses and codes come from
 * docs/openapi.yaml, packages/lookup-function/README.md (`ERROR_RESPONSES`) and
 * packages/token-function/README.md (`REFUSALS`).
 */
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
/** Secret cache TTL of the instances whose secrets change or fail during a scenario. */
export const SECRET_TTL_MS = 100;
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
  /**
   * Calls that met the fault, counted where the stand-in sees them (emulator, Secret Manager,
   * the 503 gate) or, for a closed port where nothing listens to count, in the log lines the
   * scenario produced (the function logs the refused connection).
   */
  hits(logs: readonly string[]): number;
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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
