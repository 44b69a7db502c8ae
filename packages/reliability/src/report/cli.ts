/**
 * `pnpm -s reliability`: runs the fault matrix, the fuzz run (10,000 cases per function), the
 * load run and the deploy artifacts' lockfile check, one after the other on this machine, and writes docs/reliability.md from what they
 * observed (src/report/render.ts). Progress on stderr; exit 1 when an expectation did not hold
 * (the document is written either way: a failure is evidence too).
 */
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { artifactRows } from "../artifacts.ts";
import type { EvidenceRow } from "../evidence.ts";
import { runFaultMatrix } from "../faults/matrix.ts";
import { runFuzz } from "../fuzz/run.ts";
import { runLoad } from "../load/run.ts";
import { renderReport } from "./render.ts";

const REPORT = fileURLToPath(new URL("../../../../docs/reliability.md", import.meta.url));
const say = (text: string) => process.stderr.write(`reliability: ${text}\n`);
const USAGE =
  "usage: pnpm -s reliability   (no options: about 2 minutes, then docs/reliability.md is rewritten)";

// No options on purpose: the document must come from the full runs. A typo must not start a
// 2-minute run that rewrites a tracked file.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
if (args.length > 0) {
  const help = args.every((arg) => arg === "--help" || arg === "-h");
  (help ? process.stdout : process.stderr).write(
    `${help ? "" : `reliability: unexpected argument(s): ${args.join(" ")}\n`}${USAGE}\n`,
  );
  process.exit(help ? 0 : 2);
}

const startedAt = new Date();
const started = performance.now();
const rows: EvidenceRow[] = [];

say("fault matrix ...");
rows.push(...(await runFaultMatrix()));
say("hostile input: 10,000 cases per function ...");
const fuzz = await runFuzz({ runs: 10_000 });
rows.push(...fuzz.rows);
say("load ...");
const load = await runLoad({ progress: say });
rows.push(...load.rows);
say("deploy artifacts ...");
rows.push(...(await artifactRows()));

const markdown = renderReport({
  command: "pnpm -s reliability",
  startedAt: startedAt.toISOString().replace(/\.\d+Z$/, "Z"),
  elapsedSeconds: Math.round((performance.now() - started) / 1000),
  machine: `Node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} CPUs`,
  rows,
  figures: { "hostile input": fuzz.figures, load: load.figures },
});
await writeFile(REPORT, markdown);
const failed = rows.filter((row) => !row.pass);
say(`${rows.length - failed.length} of ${rows.length} expectations held; wrote ${REPORT}`);
for (const row of failed) say(`✗ ${row.area}: ${row.scenario}: ${row.observed}`);
process.exit(failed.length === 0 ? 0 : 1);
