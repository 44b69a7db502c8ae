/**
 * `pnpm infra:synth` (and the cdktf CLI's app): parse the configuration from the environment,
 * build the stacks, write `cdktf.out/stacks/<stack>/cdk.tf.json`.
 */
import { buildApp } from "./app.ts";
import { parseInfraConfig } from "./config.ts";
import { InfraError } from "./errors.ts";

try {
  const config = parseInfraConfig(process.env);
  if (config.placeholders.length > 0) {
    process.stderr.write(
      `warning: using placeholder values for ${config.placeholders.join(", ")} (project "${config.projectId}"); ` +
        "set them to synthesize for a real project (diff and deploy refuse placeholders).\n",
    );
  }
  const { app, shared, environments } = buildApp(config);
  app.synth();
  const stacks = [shared.node.id, ...environments.keys()];
  process.stderr.write(`synthesized stacks ${stacks.join(", ")} into ${app.outdir}\n`);
} catch (error) {
  if (!(error instanceof InfraError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
}
