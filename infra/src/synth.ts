/** Configuration -> stacks -> `<outdir>/stacks/<stack>/cdk.tf.json`, shared by the CLIs. */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Environment } from "@jsm-odoo/function-runtime";
import { buildApp } from "./app.ts";
import { IMPORTS_FILE } from "./cli/import.ts";
import type { InfraConfig } from "./config.ts";
import { BOOTSTRAP_STACK, SHARED_STACK } from "./names.ts";

export interface SynthResult {
  /** Absolute folder holding `manifest.json` and `stacks/<stack>/`. */
  readonly outdir: string;
  readonly stacks: readonly string[];
}

/** The stacks a configuration yields, in deployment order. */
export function stackNames(config: InfraConfig): string[] {
  return [BOOTSTRAP_STACK, SHARED_STACK, ...config.environments];
}

export interface SynthesizeOptions {
  readonly outdir?: string;
  /** Environment stacks to synthesize although not configured (teardown, import). */
  readonly extraEnvironments?: readonly Environment[];
}

/** Throws `InfraError` when a build is missing. `outdir` defaults to `$CDKTF_OUTDIR` or `cdktf.out`. */
export function synthesize(config: InfraConfig, options: SynthesizeOptions = {}): SynthResult {
  const { app, bootstrap, shared, environments } = buildApp(config, {
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.extraEnvironments ? { extraEnvironments: options.extraEnvironments } : {}),
  });
  app.synth();
  const stacks = [bootstrap.node.id, shared.node.id, ...environments.keys()];
  // Import blocks are a decision made for one synth (`pnpm infra:import`): a new synth drops
  // them, so an import never rides along unnoticed with a later deploy.
  for (const stack of stacks)
    rmSync(join(app.outdir, "stacks", stack, IMPORTS_FILE), { force: true });
  return { outdir: app.outdir, stacks };
}

/** The stderr line that says which settings are placeholders, if any. */
export function placeholderWarning(config: InfraConfig): string | undefined {
  if (config.placeholders.length === 0) return undefined;
  return (
    `warning: using placeholder values for ${config.placeholders.join(", ")} (project "${config.projectId}"); ` +
    "set them to synthesize for a real project (diff and deploy refuse placeholders).\n"
  );
}
