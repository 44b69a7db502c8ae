/**
 * The rows that wait out a bounded Secret Manager read (seconds each): the token function answers
 * 503 within the bounded read at start and serves the last good password during a refresh, and
 * a lookup whose deadline is longer than the read answers 503 NOT_CONFIGURED when it gives up.
 * (Finding F1: the Secret Manager client retried UNAVAILABLE with backoff sleeps past its own
 * call timeout, 11-25 s; function-runtime now bounds the read and the wait for a refresh.)
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { type FaultObservation, observeFaultMatrix } from "../src/faults/matrix.ts";
import { type Stack, startStack } from "../src/stack.ts";
import { expectKeptPromises, SECRET_MANAGER_ROWS } from "./fault-matrix.helpers.ts";

describe("the functions while Secret Manager is down, past the bounded read", () => {
  let stack: Stack;
  let observations: FaultObservation[];
  beforeAll(async () => {
    stack = await startStack();
    observations = await observeFaultMatrix({ stack, only: SECRET_MANAGER_ROWS });
  }, 60_000);
  afterAll(() => stack?.close());

  it.each(SECRET_MANAGER_ROWS)("%s", (name) => {
    expectKeptPromises(observations.find((o) => o.scenario.name === name));
  });
});
