/** The CDKTF app: `bootstrap`, `shared` and one stack per environment. */
import type { Environment } from "@jsm-odoo/function-runtime";
import { App } from "./cdktf.ts";
import type { InfraConfig } from "./config.ts";
import { BootstrapStack } from "./stacks/bootstrap.ts";
import { EnvironmentStack } from "./stacks/environment.ts";
import { SharedStack } from "./stacks/shared.ts";

export interface InfraApp {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly shared: SharedStack;
  readonly environments: ReadonlyMap<Environment, EnvironmentStack>;
}

export interface BuildAppOptions {
  /** Where `app.synth()` writes; default `CDKTF_OUTDIR` (set by the cdktf CLI) or `cdktf.out`. */
  readonly outdir?: string;
  /**
   * Environment stacks to synthesize besides the configured ones. Only teardown needs them: an
   * environment removed from INFRA_ENVIRONMENTS must still be synthesized to be destroyed.
   */
  readonly extraEnvironments?: readonly Environment[];
}

export function buildApp(config: InfraConfig, options: BuildAppOptions = {}): InfraApp {
  // No stack traces in construct metadata: the synthesized JSON stays the same from any checkout.
  const app = new App({
    stackTraces: false,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const bootstrap = new BootstrapStack(app, config, config.environments);
  const shared = new SharedStack(app, config);
  const stackEnvironments = [
    ...config.environments,
    ...(options.extraEnvironments ?? []).filter((env) => !config.environments.includes(env)),
  ];
  const environments = new Map(
    stackEnvironments.map((env) => [env, new EnvironmentStack(app, config, env)] as const),
  );
  return { app, bootstrap, shared, environments };
}
