/**
 * `pnpm -s fuzz [--runs N] [--seed S] [--concurrency C] [--known-defects]`: N generated hostile
 * requests per function (default 10,000) against both deploy artifacts, in C sequential streams
 * per function (default 4; 1 pins every log problem on its case and shrinks it); prints one
 * JSON document (cases and statuses per function, failures with the shrunk counterexample,
 * seed, elapsed) and exits 1 on any failure, 2 on a usage error. Re-run a failure with the seed
 * it prints. `--known-defects` also generates the inputs of reported, still open defects.
 */
import { parseArgs } from "node:util";
import { type IntegerRule, problemsMessage, readFlags } from "@jsm-odoo/function-runtime";
import { KNOWN_DEFECT_PATHS } from "./arbitraries.ts";
import { runFuzz } from "./run.ts";

/** The rules of the flags, read with function-runtime's `readFlags` (no flag: the run's default). */
const FLAG_RULES = {
  runs: { min: 1, max: 10_000_000, what: "generated requests per function" },
  // fast-check seeds are 32-bit integers.
  seed: { min: 1, max: 2_147_483_647, what: "the seed of a run to repeat" },
  concurrency: { min: 1, max: 64, what: "sequential streams per function" },
} as const satisfies Record<string, IntegerRule>;

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
const flags = readFlags(values);
const integer = (name: keyof typeof FLAG_RULES) =>
  flags.raw(`--${name}`) === undefined ? undefined : flags.integer(`--${name}`, FLAG_RULES[name]);
const runs = integer("runs");
const seed = integer("seed");
const concurrency = integer("concurrency");
if (flags.problems().length > 0) {
  console.error(`fuzz: ${problemsMessage("invalid options", flags.problems())}`);
  process.exit(2);
}

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
