/**
 * One measured lookup and the figures of many: wall time, Odoo requests (the client's count of
 * wire attempts) and dependent round trips (from call timings, test/waves.ts).
 */
import type { OdooClient } from "@jsm-odoo/odoo-client";
import { percentile } from "../src/cli/timing.ts";
import { measureWaves } from "../test/waves.ts";

export interface Sample {
  ms: number;
  requests: number;
  waves: number;
}

export interface Figures {
  runs: number;
  p50_ms: number;
  p95_ms: number;
  requests_per_lookup: number;
  dependent_round_trips: number;
}

/** A client whose every lookup can be measured; use `client` for the work itself. */
export interface Metered {
  client: OdooClient;
  sample(work: () => Promise<unknown>): Promise<Sample>;
}

export function metered(raw: OdooClient): Metered {
  const meter = measureWaves(raw);
  return {
    client: meter.client,
    async sample(work) {
      raw.resetStats();
      meter.reset();
      const started = performance.now();
      await work();
      const ms = performance.now() - started;
      return { ms, requests: raw.stats().calls, waves: meter.waves() };
    },
  };
}

export function figures(samples: readonly Sample[]): Figures {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    runs: samples.length,
    p50_ms: round(
      percentile(
        samples.map((s) => s.ms),
        50,
      ),
    ),
    p95_ms: round(
      percentile(
        samples.map((s) => s.ms),
        95,
      ),
    ),
    requests_per_lookup: percentile(
      samples.map((s) => s.requests),
      50,
    ),
    dependent_round_trips: percentile(
      samples.map((s) => s.waves),
      50,
    ),
  };
}

/** ours / theirs, two decimals: below 1 is faster. */
export function ratio(ours: Figures, theirs: Figures): number {
  return Math.round((ours.p50_ms / theirs.p50_ms) * 100) / 100;
}
