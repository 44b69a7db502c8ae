/** `pnpm -s lookup`: everything Odoo knows about serial numbers, as JSON (see README). */
import { runLookupCli } from "./cli/run.ts";

process.exitCode = await runLookupCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
