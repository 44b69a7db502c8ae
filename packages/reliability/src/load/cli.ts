/**
 * `pnpm -s loadtest [--connections N] [--requests N] [--latency-ms N]`: runs the load run
 * (src/load/run.ts) and prints its figures and evidence rows as one JSON document on stdout;
 * progress goes to stderr. Exit 0 when every expectation held, 1 when one did not, 2 on bad
 * usage.
 */
import { parseArgs } from "node:util";
import { type IntegerRule, readFlags } from "@jsm-odoo/function-runtime";
import { runLoad } from "./run.ts";

const USAGE = `usage: pnpm -s loadtest [--connections N] [--requests N] [--latency-ms N]
  --connections N   concurrent lookups (default 200)
  --requests N      lookups in all (default 600)
  --latency-ms N    Odoo emulator latency per request (default 20)`;

/** The rules of the flags, read with function-runtime's `readFlags` (no flag: the run's default). */
const FLAG_RULES = {
  connections: { min: 1, max: 10_000, what: "concurrent lookups" },
  requests: { min: 1, max: 1_000_000, what: "lookups in all" },
  "latency-ms": { min: 0, max: 60_000, what: "Odoo emulator latency per request" },
} as const satisfies Record<string, IntegerRule>;

class UsageError extends Error {}

function readOptions(argv: string[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        connections: { type: "string" },
        requests: { type: "string" },
        "latency-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    // Node's parseArgs messages run over several lines; the first one says what is wrong.
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
  if (values.help) return "help" as const;
  const flags = readFlags(values);
  const count = (name: keyof typeof FLAG_RULES) =>
    flags.raw(`--${name}`) === undefined ? undefined : flags.integer(`--${name}`, FLAG_RULES[name]);
  const connections = count("connections");
  const requests = count("requests");
  const latencyMs = count("latency-ms");
  const [problem] = flags.problems();
  if (problem !== undefined) throw new UsageError(problem);
  return {
    ...(connections === undefined ? {} : { connections }),
    ...(requests === undefined ? {} : { requests }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
  };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`loadtest: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const { rows, figures } = await runLoad({
    ...options,
    progress: (line) => process.stderr.write(`loadtest: ${line}\n`),
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  for (const row of rows) {
    process.stderr.write(`loadtest: ${row.pass ? "PASS" : "FAIL"} ${row.scenario}\n`);
  }
  process.stdout.write(`${JSON.stringify({ ...figures, runSeconds: seconds, rows }, null, 2)}\n`);
  return figures.pass ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `loadtest failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
