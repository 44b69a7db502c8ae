/**
 * `pnpm infra:synth`: parse the configuration from the environment, build the stacks and write
 * `cdktf.out/stacks/<stack>/cdk.tf.json` (or `$CDKTF_OUTDIR/...`). Needs no network.
 */
import { outdirFromEnv } from "./cli/runner.ts";
import { parseInfraConfig } from "./config.ts";
import { InfraError } from "./errors.ts";
import { placeholderWarning, synthesize } from "./synth.ts";

try {
  const config = parseInfraConfig(process.env);
  const warning = placeholderWarning(config);
  if (warning) process.stderr.write(warning);
  const { outdir, stacks } = synthesize(config, { outdir: outdirFromEnv(process.env) });
  process.stderr.write(`synthesized stacks ${stacks.join(", ")} into ${outdir}\n`);
} catch (error) {
  if (!(error instanceof InfraError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
}
