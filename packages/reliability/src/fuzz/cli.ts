/**
 * `pnpm -s fuzz [--runs N] [--seed S] [--concurrency C] [--known-defects]`: N generated hostile
 * requests per function (default 10,000) against both deploy artifacts, in C sequential streams
 * per function (default 4; 1 pins every log problem on its case and shrinks it); prints one
 * JSON document (cases and statuses per function, failures with the shrunk counterexample,
 * seed, elapsed) and exits 1 on any failure, 2 on a usage error. Re-run a failure with the seed
 * it prints. `--known-defects` also generates the inputs of reported, still open defects.
 */
import { parseArgs } from "node:util";
import { KNOWN_DEFECT_PATHS } from "./arbitraries.ts";
import { runFuzz } from "./run.ts";

function positiveInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    console.error(`fuzz: --${name} must be a positive integer (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return Number(raw);
}

let values: { runs?: string; seed?: string; concurrency?: string; "known-defects"?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      runs: { type: "string" },
      seed: { type: "string" },
      "known-defects": { type: "boolean" },
      concurrency: { type: "string" },
    },
    strict: true,
  }));
} catch (error) {
  console.error(
    `fuzz: ${(error as Error).message}\nusage: pnpm -s fuzz [--runs N] [--seed S] [--concurrency C] [--known-defects]`,
  );
  process.exit(2);
}
const runs = positiveInteger(values.runs, "runs");
const concurrency = positiveInteger(values.concurrency, "concurrency");
const seed = values.seed === undefined ? undefined : positiveInteger(values.seed, "seed");

const { figures, rows } = await runFuzz({
  ...(runs === undefined ? {} : { runs }),
  ...(seed === undefined ? {} : { seed }),
  ...(values["known-defects"] ? { knownDefects: true } : {}),
  ...(concurrency === undefined ? {} : { concurrency }),
});
const summary = {
  seed: figures.seed,
  runs_per_function: figures.runsPerFunction,
  known_defects: figures.knownDefects ? "generated" : `left out: ${KNOWN_DEFECT_PATHS.join(" ")}`,
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
  log_problems_not_pinned_on_a_case: figures.lateLogProblems.slice(0, 20),
  log_problems_count: figures.lateLogProblems.length,
  credentials_watched: figures.watchedCredentials,
  evidence: rows,
};
console.log(JSON.stringify(summary, null, 2));
process.exit(figures.failures > 0 ? 1 : 0);
