/**
 * What a fault scenario is: the function it attacks, how its stand-in is broken and healed,
 * and the documented answer with its time limits. Statuses and codes come from
 * docs/openapi.yaml, packages/lookup-function/README.md (`ERROR_RESPONSES`) and
 * packages/token-function/README.md (`ERROR_RESPONSES`).
 */
import {
  DEFAULT_REFRESH_WAIT_MS,
  DEFAULT_SECRET_READ_TIMEOUT_MS,
} from "@jsm-odoo/function-runtime";
import type { LocalFunction } from "@jsm-odoo/local-stack/testing";
import type { Stack } from "../stack.ts";
import type { Gate } from "./gate.ts";

/** Short request deadline of the lookups under test, so a hang costs 1.5 s, not 25 s. */
export const MATRIX_DEADLINE_MS = 1_500;
/**
 * Scheduling slack added to every time limit. Sized for a loaded 2-core CI runner (a GC pause,
 * another job's test), yet small against what each limit guards: every refresh limit stays
 * well under the 5 s bounded read it must not wait for.
 */
export const MARGIN_MS = 1_500;
/**
 * Token function, Secret Manager down before access_password was ever read: one read bounded by
 * function-runtime's DEFAULT_SECRET_READ_TIMEOUT_MS (5 s), then 503.
 */
export const TOKEN_SECRET_AT_START_MS = DEFAULT_SECRET_READ_TIMEOUT_MS + MARGIN_MS;
/**
 * Token function, Secret Manager down during a refresh: cachedSecrets serves the last good value
 * once DEFAULT_REFRESH_WAIT_MS (2 s) has passed, without waiting for the bounded read.
 */
export const TOKEN_SECRET_REFRESH_MS = DEFAULT_REFRESH_WAIT_MS + MARGIN_MS;
/**
 * The token function bounds `generateIdToken` at 10 s (token-function's MINT_TIMEOUT_MS, not
 * exported by its index); it has no request deadline of its own.
 */
export const MINT_TIMEOUT_MS = 10_000;
/** Secret cache TTL of the instances whose secrets change or fail during a scenario. */
export const SECRET_TTL_MS = 100;
/**
 * How long a function may take to answer 200 again once Secret Manager is back. Every read is
 * bounded by DEFAULT_SECRET_READ_TIMEOUT_MS, so at worst one read that began during the outage
 * runs out (requests waiting for it share its fate) and the next one succeeds; the margin covers
 * that next read on a loaded machine. (Before the bound, the client's UNAVAILABLE retries with
 * 2, 4, 8 s... backoff made this 11 to 25 s.)
 */
export const SECRET_MANAGER_RECOVERY_MS = DEFAULT_SECRET_READ_TIMEOUT_MS + MARGIN_MS;

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
   * How long the same instance may take to answer 200 again once the fault is gone (a retry
   * already under way finishes on its own schedule). 0: the very next request.
   */
  recoverWithinMs: number;
}

/** A scenario made ready: a function instance, and how to break and heal its stand-in. */
export interface Armed {
  target: LocalFunction;
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
  lookup: LocalFunction;
  /** A gate the run closes at the end. */
  gate(target: string): Promise<Gate>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
