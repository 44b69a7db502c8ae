/**
 * What every fault-matrix test checks on one observation: each fact on its own, so a failure
 * says which promise broke (not just `pass: false`).
 */
import { expect } from "vitest";
import type { FaultObservation } from "../src/faults/matrix.ts";

/**
 * The rows that wait out a bounded Secret Manager read (seconds each): they run in
 * fault-matrix.secret-manager.test.ts, every other row in fault-matrix.test.ts.
 */
export const SECRET_MANAGER_ROWS = [
  "Secret Manager unavailable at start (token)",
  "Secret Manager unavailable during a refresh (token)",
  "Secret Manager unavailable at start, deadline past the bounded read (lookup)",
];

export function expectKeptPromises(observation: FaultObservation | undefined): void {
  expect(observation, "the scenario ran").toBeDefined();
  const o = observation as FaultObservation;
  const { expected } = o.scenario;
  if (o.warmUp !== undefined) expect(o.warmUp, "warm-up request").toBe(200);
  expect(o.answer.status, `an answer within ${o.answer.ms} ms (status 0: none)`).not.toBe(0);
  expect({ status: o.answer.status, code: o.code }).toEqual({
    status: expected.status,
    code: expected.code,
  });
  expect(o.answer.contentType).toMatch(/^application\/json\b/);
  expect(o.shaped, `documented body shape: ${o.answer.text.slice(0, 200)}`).toBe(true);
  expect(o.answer.ms).toBeLessThanOrEqual(expected.withinMs);
  expect(o.answer.ms).toBeGreaterThanOrEqual(expected.notBeforeMs ?? 0);
  // The fault was met, not merely armed.
  expect(o.hits).toBeGreaterThan(0);
  expect(o.next, "the same instance answers the next request").toBe(200);
  expect(o.recoveredMs).toBeLessThanOrEqual(expected.recoverWithinMs);
  expect(o.leaks, "secrets (by index) in the body or the logs").toEqual([]);
  expect(o.unhandled, "unhandled promise rejections").toBe(0);
  expect(o.pass).toBe(true);
  expect(o.row.pass).toBe(true);
}
