/** The load rows fail on what a function prints past its logger, not only on wrong answers. */
import { describe, expect, it } from "vitest";
import type { CannonFigures } from "../src/load/cannon.ts";
import { lookupRows, tokenRows } from "../src/load/rows.ts";
import type { LookupFigures, TokenBurstFigures, WrongPasswordFigures } from "../src/load/run.ts";

const cannon = (statuses: Record<string, number>): CannonFigures => ({
  connections: 10,
  requests: Object.values(statuses).reduce((a, b) => a + b, 0),
  statuses,
  errors: 0,
  timeouts: 0,
  wrongBodies: 0,
  problems: [],
  latencyMs: { p50: 1, p97_5: 2, p99: 3, max: 4 } as CannonFigures["latencyMs"],
  durationSeconds: 1,
  requestsPerSecond: 20,
});
const lookup = (strayLogLines: number): LookupFigures => ({
  ...cannon({ "200": 20 }),
  odooLimit: 6,
  odooInFlightPeak: 6,
  odooRequests: 220,
  peakRssMiB: 100,
  memoryMiB: 488,
  errorLogLines: 0,
  strayLogLines,
  cpuMsPerRequest: 1,
});
const burst = (strayLogLines: number): TokenBurstFigures => ({
  ...cannon({ "200": 20 }),
  mintRequests: 0,
  strayLogLines,
  cpuMsPerRequest: 1,
  peakRssMiB: 100,
  memoryMiB: 244,
});
const wrong = (strayLogLines: number): WrongPasswordFigures => ({
  ...cannon({ "401": 50, "429": 50 }),
  budget: 50,
  rightPasswordAfter: { status: 429, retryAfter: "3600" },
  rightPasswordElsewhere: 200,
  lookupAfter: 200,
  strayLogLines,
});

describe("a stderr or non-JSON stdout line during a load phase", () => {
  it("passes every row when there is none", () => {
    const rows = [...lookupRows(lookup(0), 20), ...tokenRows(burst(0), wrong(0))];
    expect(rows.filter((row) => !row.pass)).toEqual([]);
  });

  it.each([
    ["the lookup phase", () => lookupRows(lookup(2), 20)[0]],
    ["the right-password burst", () => tokenRows(burst(1), wrong(0))[0]],
    ["the wrong-password burst", () => tokenRows(burst(0), wrong(3))[2]],
  ])("fails the row of %s and says how many", (_name, row) => {
    expect(row()?.pass).toBe(false);
    expect(row()?.observed).toMatch(/[1-9] stderr or non-JSON log lines/);
  });
});
