/**
 * The bench's command line, checked before anything starts: a bad option is one usage line and
 * exit 2, never a parseArgs stack trace or the emulator's usage (the bench starts the emulator).
 */
import { parseArgs } from "node:util";
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
        iterations: { type: "string", default: "20" },
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
  const count = (name: string, fallback: string, min: number): number | undefined => {
    const text = String(values[name] ?? fallback);
    const value = Number(text);
    return /^\d+$/.test(text) && value >= min ? value : undefined;
  };
  const positive = (name: string, fallback: string) => count(name, fallback, 1);
  const iterations = positive("iterations", "20");
  if (iterations === undefined) return { problem: "--iterations must be a positive integer" };

  const live = LIVE_ONLY.some((name) => values[name] !== undefined);
  if (live) {
    const mixed = EMULATOR_ONLY.find((name) => values[name] !== undefined);
    if (mixed) return { problem: `--${mixed} is for the emulator bench, not a live server` };
    const password = (values.password as string | undefined) ?? env.ODOO_PASSWORD;
    const missing = ["url", "db", "user"].filter((name) => !values[name]);
    if (!password) missing.push("password");
    if (missing.length > 0) {
      return { problem: `a live bench needs ${missing.map((name) => `--${name}`).join(", ")}` };
    }
    const url = values.url as string;
    if (!/^https?:\/\/[^/]/.test(url)) return { problem: "--url must be an http(s) URL" };
    const serials = (values.serial as string[] | undefined) ?? [];
    if (serials.length === 0) return { problem: "a live bench needs at least one --serial" };
    return {
      mode: "live",
      url,
      db: values.db as string,
      user: values.user as string,
      password: password as string,
      serials,
      iterations,
    };
  }

  const latencyMs = count("latency-ms", "0", 0);
  const workers = count("workers", "2", 0);
  const serverMs = String(values["server-ms"] ?? "real");
  const odooVersion = Number(values["odoo-version"] ?? "19") as OdooVersion;
  if (latencyMs === undefined) return { problem: "--latency-ms must be a whole number" };
  if (workers === undefined) return { problem: "--workers must be a whole number" };
  if (serverMs !== "real" && !/^\d+$/.test(serverMs)) {
    return { problem: "--server-ms must be a whole number of milliseconds or real" };
  }
  if (!ODOO_VERSIONS.includes(odooVersion)) {
    return { problem: `--odoo-version must be one of ${ODOO_VERSIONS.join(", ")}` };
  }
  return { mode: "emulator", odooVersion, iterations, serverMs, workers, latencyMs };
}
