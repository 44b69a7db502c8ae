/**
 * A small load run in the normal test run (`pnpm -s loadtest` is the full one): both deploy
 * artifacts as child processes, the emulator at 50 ms, autocannon. Speed is not asserted here;
 * the CLI prints it. The 50 ms (the CLI uses 20) leave a wide window for lookups to overlap at
 * Odoo, so the in-flight peak reaches the limit even on a busy 2-core machine.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { EvidenceRow } from "../src/evidence.ts";
import { type LoadFigures, runLoad } from "../src/load/run.ts";

let rows: EvidenceRow[];
let figures: LoadFigures;

beforeAll(async () => {
  ({ rows, figures } = await runLoad({
    latencyMs: 50,
    connections: 20,
    requests: 40,
    odooLimit: 6,
    // More lookups waiting than the limit allows: if the setting were ignored (the client's
    // default is 6), the Odoo server would see more than 2 requests in flight at once.
    lowLimit: { limit: 2, connections: 8, requests: 16 },
    tokenConnections: 50,
    tokenRequests: 300,
    wrongPasswordRequests: 100,
  }));
}, 180_000);

describe("a small load run against the local functions", () => {
  it("answers every concurrent lookup 200 with the quiet lookup's body, without errors", () => {
    for (const phase of [figures.lookup, figures.lookupLowLimit]) {
      expect(phase.statuses).toEqual({ "200": phase.requests });
      expect(phase.requests).toBeGreaterThan(0);
      expect([
        phase.errors,
        phase.timeouts,
        phase.wrongBodies,
        phase.errorLogLines,
        phase.strayLogLines,
      ]).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it("keeps the Odoo requests in flight at exactly the configured limit at the peak", () => {
    expect(figures.lookup.odooInFlightPeak).toBe(6);
    expect(figures.lookupLowLimit.odooInFlightPeak).toBe(2);
    expect(figures.lookup.odooRequests).toBeGreaterThan(figures.lookup.requests);
  });

  it("stays below each function's deployed memory", () => {
    for (const phase of [figures.lookup, figures.lookupLowLimit, figures.tokenBurst]) {
      expect(phase.peakRssMiB).toBeGreaterThan(0);
      expect(phase.peakRssMiB).toBeLessThan(phase.memoryMiB);
    }
  });

  it("answers a burst of right-password token requests 200 with the one cached token", () => {
    expect(figures.tokenBurst.statuses).toEqual({ "200": 300 });
    expect([figures.tokenBurst.errors, figures.tokenBurst.wrongBodies]).toEqual([0, 0]);
    expect(figures.tokenBurst.mintRequests).toBe(0);
  });

  it("answers a wrong-password burst 401 for the budget, then only the documented 429", () => {
    const { budget, statuses } = figures.wrongPasswordBurst;
    expect(budget).toBe(50);
    expect(statuses).toEqual({ "401": budget, "429": 100 - budget });
    expect(figures.wrongPasswordBurst.wrongBodies).toBe(0);
    expect(figures.wrongPasswordBurst.rightPasswordAfter.status).toBe(429);
    expect(figures.wrongPasswordBurst.rightPasswordElsewhere).toBe(200);
    expect(figures.wrongPasswordBurst.lookupAfter).toBe(200);
  });

  it("reports every expectation as a passing evidence row", () => {
    expect(rows.filter((row) => !row.pass)).toEqual([]);
    expect(rows.every((row) => row.area === "load")).toBe(true);
    expect(figures.pass).toBe(true);
  });
});
