/** `pnpm conformance`: the suite against a real Odoo (README). */
import { runConformanceCli } from "./cli/run.ts";

process.exitCode = await runConformanceCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
