/**
 * `pnpm -s bench`: ours against the earlier sequential call pattern, on the emulator (default)
 * or on a live Odoo (`--url ...`, bench/live.ts). Prints ONE JSON document on stdout.
 */
import { BENCH_USAGE, parseBenchArgs } from "./args.ts";
import { runEmulatorBench } from "./emulator.ts";
import { runLiveBench } from "./live.ts";

const parsed = parseBenchArgs(process.argv.slice(2), process.env);
if ("problem" in parsed) {
  process.stderr.write(`bench: ${parsed.problem}\n${BENCH_USAGE}\n`);
  process.exit(2);
}
const report = parsed.mode === "live" ? await runLiveBench(parsed) : await runEmulatorBench(parsed);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
