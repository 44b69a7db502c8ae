/** The CDKTF app: the `shared` stack and one stack per configured environment. */
import type { Environment } from "@jsm-odoo/function-runtime";
import { App } from "./cdktf.ts";
import type { InfraConfig } from "./config.ts";
import { EnvironmentStack } from "./stacks/environment.ts";
import { SharedStack } from "./stacks/shared.ts";

export interface InfraApp {
  readonly app: App;
  readonly shared: SharedStack;
  readonly environments: ReadonlyMap<Environment, EnvironmentStack>;
}

export interface BuildAppOptions {
  /** Where `app.synth()` writes; default `CDKTF_OUTDIR` (set by the cdktf CLI) or `cdktf.out`. */
  readonly outdir?: string;
}

export function buildApp(config: InfraConfig, options: BuildAppOptions = {}): InfraApp {
  // No stack traces in construct metadata: the synthesized JSON stays the same from any checkout.
  const app = new App({
    stackTraces: false,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const shared = new SharedStack(app, config);
  const environments = new Map(
    config.environments.map((env) => [env, new EnvironmentStack(app, config, env)] as const),
  );
  return { app, shared, environments };
}
