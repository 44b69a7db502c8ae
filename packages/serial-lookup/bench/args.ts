/**
 * The bench's command line, checked before anything starts: a bad option is one usage line and
 * exit 2, never a parseArgs stack trace or the emulator's usage (the bench starts the emulator).
 */
import { parseArgs } from "node:util";
import { ODOO_VERSIONS, type OdooVersion } from "@jsm-odoo/odoo-emulator";

export const BENCH_USAGE =
  "usage: pnpm -s bench [--latency-ms <n> (20)] [--iterations <n> (20)] [--odoo-version 14..19 (17)]";

export interface BenchOptions {
  latencyMs: number;
  iterations: number;
  odooVersion: OdooVersion;
}

/** The options, or the one problem to show above the usage line. */
export function parseBenchArgs(argv: string[]): BenchOptions | { problem: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "latency-ms": { type: "string", default: "20" },
        iterations: { type: "string", default: "20" },
        "odoo-version": { type: "string", default: "17" },
      },
    }));
  } catch (error) {
    // parseArgs messages are one clear sentence ("Unknown option '--latency'. ...").
    return { problem: (error as Error).message.split("\n")[0] ?? "bad arguments" };
  }
  const positive = (name: string): number | undefined => {
    const text = String(values[name]);
    const value = Number(text);
    return /^\d+$/.test(text) && value >= 1 ? value : undefined;
  };
  const latencyMs = positive("latency-ms");
  const iterations = positive("iterations");
  const odooVersion = Number(values["odoo-version"]) as OdooVersion;
  if (latencyMs === undefined) return { problem: "--latency-ms must be a positive integer" };
  if (iterations === undefined) return { problem: "--iterations must be a positive integer" };
  if (!ODOO_VERSIONS.includes(odooVersion)) {
    return { problem: `--odoo-version must be one of ${ODOO_VERSIONS.join(", ")}` };
  }
  return { latencyMs, iterations, odooVersion };
}
