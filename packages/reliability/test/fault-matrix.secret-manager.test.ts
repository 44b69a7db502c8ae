/**
 * The token function during a Secret Manager outage: it answers 503 within the bounded secret
 * read at start, and serves the last good password during a refresh. (Finding F1: the Secret
 * Manager client retried UNAVAILABLE with backoff sleeps past its own call timeout, 11-25 s;
 * function-runtime now bounds the read and the wait for a refresh.)
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { type FaultObservation, observeFaultMatrix } from "../src/faults/matrix.ts";
import { type Stack, startStack } from "../src/stack.ts";
import { expectKeptPromises } from "./fault-matrix.helpers.ts";

const AT_START = "Secret Manager unavailable at start (token)";
const REFRESH = "Secret Manager unavailable during a refresh (token)";

describe("the token function while Secret Manager is down", () => {
  let stack: Stack;
  let observations: FaultObservation[];
  beforeAll(async () => {
    stack = await startStack();
    observations = await observeFaultMatrix({ stack, only: [AT_START, REFRESH] });
  }, 60_000);
  afterAll(() => stack?.close());

  it.each([AT_START, REFRESH])("%s", (name) => {
    expectKeptPromises(observations.find((o) => o.scenario.name === name));
  });
});
