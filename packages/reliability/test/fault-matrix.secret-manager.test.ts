/**
 * The token function during a Secret Manager outage. Skipped in the normal run until finding
 * F1 (see the package README) is fixed: the Secret Manager client retries UNAVAILABLE with
 * random backoff sleeps that overshoot its 10 s call timeout, so the answer comes after
 * 11 to 25 s (more in theory), at random. Run it with RELIABILITY_KNOWN_DEFECTS=1; once the
 * read is bounded, drop the skip.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { type FaultObservation, observeFaultMatrix } from "../src/faults/matrix.ts";
import { type Stack, startStack } from "../src/stack.ts";
import { expectKeptPromises } from "./fault-matrix.helpers.ts";

const AT_START = "Secret Manager unavailable at start (token)";
const REFRESH = "Secret Manager unavailable during a refresh (token)";

describe.skipIf(!process.env.RELIABILITY_KNOWN_DEFECTS)(
  "the token function while Secret Manager is down",
  () => {
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
  },
);
