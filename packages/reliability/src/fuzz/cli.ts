/**
 * `pnpm -s fuzz [--runs N] [--seed S]`: N generated hostile requests per function (default
 * 10,000) against both deploy artifacts; prints one JSON document (cases and statuses per
 * function, failures with the shrunk counterexample, seed, elapsed) and exits 1 on any failure,
 * 2 on a usage error. Re-run a failure with the seed it prints.
 */
import { parseArgs } from "node:util";
import { runFuzz } from "./run.ts";

function positiveInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    console.error(`fuzz: --${name} must be a positive integer (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return Number(raw);
}

let values: { runs?: string; seed?: string };
try {
  ({ values } = parseArgs({
    options: { runs: { type: "string" }, seed: { type: "string" } },
    strict: true,
  }));
} catch (error) {
  console.error(`fuzz: ${(error as Error).message}\nusage: pnpm -s fuzz [--runs N] [--seed S]`);
  process.exit(2);
}
const runs = positiveInteger(values.runs, "runs");
const seed = values.seed === undefined ? undefined : positiveInteger(values.seed, "seed");

const { figures, rows } = await runFuzz({
  ...(runs === undefined ? {} : { runs }),
  ...(seed === undefined ? {} : { seed }),
});
const summary = {
  seed: figures.seed,
  runs_per_function: figures.runsPerFunction,
  elapsed_ms: figures.elapsedMs,
  failures: figures.failures,
  functions: Object.fromEntries(
    Object.entries(figures.functions).map(([kind, f]) => [
      kind,
      {
        cases: f.cases,
        runs: f.runs,
        by_status: f.byStatus,
        by_kind: f.byKind,
        failed_cases: f.failures,
        shrinks: f.shrinks,
        elapsed_ms: f.elapsedMs,
        peak_rss_kb: f.peakRssKb,
        ...(f.error ? { error: f.error, counterexample: f.counterexample } : {}),
      },
    ]),
  ),
  late_log_problems: figures.lateLogProblems,
  evidence: rows,
};
console.log(JSON.stringify(summary, null, 2));
process.exit(figures.failures > 0 ? 1 : 0);
