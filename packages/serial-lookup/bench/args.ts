/**
 * The bench's command line, checked before anything starts: a bad option is one usage line and
 * exit 2, never a parseArgs stack trace or the emulator's usage (the bench starts the emulator).
 */
import { parseArgs } from "node:util";
import { type IntegerRule, readFlags, type Settings } from "@jsm-odoo/function-runtime/settings";
import { ODOO_VERSIONS, type OdooVersion } from "@jsm-odoo/odoo-emulator";

export const BENCH_USAGE = [
  "usage: pnpm -s bench [--odoo-version 14..19 (19)] [--iterations <n> (20)] [--server-ms <n|real> (real)]",
  "                     [--workers <n> (2)] [--latency-ms <n> (0)]",
  "       pnpm -s bench --url <odoo url> --db <db> --user <login> --password <key> (or ODOO_PASSWORD)",
  "                     --serial <serial> [--serial <serial> ...] [--iterations <n> (20)]",
].join("\n");

export interface EmulatorBenchOptions {
  mode: "emulator";
  odooVersion: OdooVersion;
  iterations: number;
  /** Milliseconds each request holds a worker, or `real`: the model calibrated on real Odoo. */
  serverMs: string;
  workers: number;
  latencyMs: number;
}

export interface LiveBenchOptions {
  mode: "live";
  url: string;
  db: string;
  user: string;
  password: string;
  serials: string[];
  iterations: number;
}

export type BenchOptions = EmulatorBenchOptions | LiveBenchOptions;

/** The rules of the numeric flags, read with function-runtime's `readFlags`. */
const ITERATIONS_RULE = { min: 1, max: 100_000, default: 20 } as const satisfies IntegerRule;
const LATENCY_MS_RULE = { min: 0, max: 600_000, default: 0 } as const satisfies IntegerRule;
const WORKERS_RULE = { min: 0, max: 10_000, default: 2 } as const satisfies IntegerRule;
const SERVER_MS_RULE = {
  min: 0,
  max: 600_000,
  what: "milliseconds each request holds a worker, or real",
} as const satisfies IntegerRule;
const ODOO_VERSION_RULE = { min: 14, max: 19, default: 19 } as const satisfies IntegerRule;

const EMULATOR_ONLY = ["latency-ms", "odoo-version", "server-ms", "workers"] as const;
const LIVE_ONLY = ["url", "db", "user", "password", "serial"] as const;

/** The options, or the one problem to show above the usage line. */
export function parseBenchArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
): BenchOptions | { problem: string } {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "latency-ms": { type: "string" },
        iterations: { type: "string" },
        "odoo-version": { type: "string" },
        "server-ms": { type: "string" },
        workers: { type: "string" },
        url: { type: "string" },
        db: { type: "string" },
        user: { type: "string" },
        password: { type: "string" },
        serial: { type: "string", multiple: true },
      },
    }));
  } catch (error) {
    // parseArgs messages are one clear sentence ("Unknown option '--latency'. ...").
    return { problem: (error as Error).message.split("\n")[0] ?? "bad arguments" };
  }
  const flags = readFlags(values, env);
  const iterations = flags.integer("--iterations", ITERATIONS_RULE);
  if (iterations === undefined) return firstProblem(flags);

  const live = LIVE_ONLY.some((name) => values[name] !== undefined);
  if (live) {
    const mixed = EMULATOR_ONLY.find((name) => values[name] !== undefined);
    if (mixed) return { problem: `--${mixed} is for the emulator bench, not a live server` };
    const required = { required: "a live bench needs it" };
    const url = flags.url("--url", required);
    const db = flags.string("--db", required);
    const user = flags.string("--user", required);
    const password = flags.string(flags.flag("password", "ODOO_PASSWORD"), required);
    const serials = (values.serial as string[] | undefined) ?? [];
    if (serials.length === 0) flags.problem("a live bench needs at least one --serial");
    if (!url || !db || !user || !password || serials.length === 0) return firstProblem(flags);
    return { mode: "live", url, db, user, password, serials, iterations };
  }

  const latencyMs = flags.integer("--latency-ms", LATENCY_MS_RULE);
  const workers = flags.integer("--workers", WORKERS_RULE);
  const serverMs =
    flags.raw("--server-ms") === undefined || flags.raw("--server-ms") === "real"
      ? "real"
      : flags.integer("--server-ms", SERVER_MS_RULE);
  const odooVersion = flags.integer("--odoo-version", ODOO_VERSION_RULE) as OdooVersion | undefined;
  if (odooVersion !== undefined && !ODOO_VERSIONS.includes(odooVersion)) {
    flags.problem(
      `--odoo-version must be one of ${ODOO_VERSIONS.join(", ")} (got "${odooVersion}")`,
    );
  }
  if (
    flags.problems().length > 0 ||
    latencyMs === undefined ||
    workers === undefined ||
    serverMs === undefined ||
    odooVersion === undefined
  ) {
    return firstProblem(flags);
  }
  return {
    mode: "emulator",
    odooVersion,
    iterations,
    serverMs: String(serverMs),
    workers,
    latencyMs,
  };
}

/** The bench shows one problem above its usage line: the first one found. */
function firstProblem(flags: Settings): { problem: string } {
  return { problem: flags.problems()[0] ?? "bad arguments" };
}
