/** Configuration -> stacks -> `<outdir>/stacks/<stack>/cdk.tf.json`, shared by both CLIs. */
import { buildApp } from "./app.ts";
import type { InfraConfig } from "./config.ts";
import { SHARED_STACK } from "./stacks/shared.ts";

export interface SynthResult {
  /** Absolute folder holding `manifest.json` and `stacks/<stack>/`. */
  readonly outdir: string;
  readonly stacks: readonly string[];
}

/** The stacks a configuration yields, in deployment order. */
export function stackNames(config: InfraConfig): string[] {
  return [SHARED_STACK, ...config.environments];
}

/** Throws `InfraError` when a build is missing. `outdir` defaults to `$CDKTF_OUTDIR` or `cdktf.out`. */
export function synthesize(config: InfraConfig, outdir?: string): SynthResult {
  const { app, shared, environments } = buildApp(config, outdir ? { outdir } : {});
  app.synth();
  return { outdir: app.outdir, stacks: [shared.node.id, ...environments.keys()] };
}

/** The stderr line that says which settings are placeholders, if any. */
export function placeholderWarning(config: InfraConfig): string | undefined {
  if (config.placeholders.length === 0) return undefined;
  return (
    `warning: using placeholder values for ${config.placeholders.join(", ")} (project "${config.projectId}"); ` +
    "set them to synthesize for a real project (diff and deploy refuse placeholders).\n"
  );
}
