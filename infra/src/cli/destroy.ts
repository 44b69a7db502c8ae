/**
 * `pnpm infra:destroy <stack> --confirm <stack> [terraform destroy flags]`
 * `pnpm infra:destroy all --confirm <project id> [terraform destroy flags]`
 *
 * Tears a stack down with `terraform destroy`, after an explicit confirmation, and refuses while
 * anything still depends on it:
 * - an environment, while INFRA_ENVIRONMENTS still names it (the next deploy would create it
 *   again, and the token function still serves it);
 * - `shared`, while any environment is configured or still has resources in its state (their
 *   functions build into its repository from its bucket): `all` removes them together;
 * - `bootstrap`, while `shared` or any environment has resources in its state (their functions
 *   run as its accounts).
 * The states of the other stacks are read straight from the state bucket (state.ts).
 */
import { ENVIRONMENTS, type Environment, isEnvironment } from "@jsm-odoo/function-runtime";
import { parseInfraConfig } from "../config.ts";
import { InfraError } from "../errors.ts";
import { BOOTSTRAP_STACK, SHARED_STACK, stateFolder } from "../names.ts";
import { synthesize } from "../synth.ts";
import { CliFailure, outdirFromEnv, stackDir, terraformFromEnv } from "./runner.ts";
import { managedResourceCount } from "./state.ts";

const USAGE = [
  "usage: pnpm infra:destroy <stack> --confirm <stack> [terraform destroy flags]",
  "       pnpm infra:destroy all --confirm <project id> [terraform destroy flags]",
].join("\n");

/** What is lost, said before anything happens. */
const LOSES: Record<string, string> = {
  [BOOTSTRAP_STACK]:
    "every service account of the integration (runtime, trigger, deployers, planner), their grants, the custom roles and the GitHub Workload Identity pool",
  [SHARED_STACK]:
    "the token function, the access password secrets with their values, the source bucket, the image repository and the alerts",
};
const losesOf = (stack: string) =>
  LOSES[stack] ??
  `the ${stack} lookup function, its invoker binding and the odoo_${stack}_* secrets with their values`;

export async function runDestroy(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  out: { log: (line: string) => void },
): Promise<void> {
  const { target, confirm, flags } = parseArgs(argv);
  const config = parseInfraConfig({ ...env, INFRA_STRICT: "1" });
  const known = [BOOTSTRAP_STACK, SHARED_STACK, ...ENVIRONMENTS];
  if (target !== "all" && !known.includes(target)) {
    throw new CliFailure(`name one stack: ${known.join(", ")}, or all (got ${target}).`, 2);
  }
  const expected = target === "all" ? config.projectId : target;
  if (confirm !== expected) {
    const what =
      target === "all"
        ? `every environment and shared in project ${config.projectId}`
        : `stack ${target}`;
    const loses =
      target === "all"
        ? `every environment's lookup function and odoo_<env>_* secrets with their values, and ${LOSES[SHARED_STACK]}`
        : losesOf(target);
    throw new CliFailure(
      `destroying ${what} deletes ${loses}. Nothing was changed. Repeat with --confirm ${expected} to go ahead.`,
      2,
    );
  }

  const stateOf = (stack: string) =>
    managedResourceCount(config.stateBucket, `${stateFolder(config, stack)}/default.tfstate`, env);
  const deployedEnvironments = async () => {
    const counts = await Promise.all(ENVIRONMENTS.map(async (e) => [e, await stateOf(e)] as const));
    return counts.filter(([, count]) => count > 0).map(([e]) => e);
  };
  const configured = config.environments;

  let order: string[];
  if (target === "all") {
    const deployed = await deployedEnvironments();
    const environments = ENVIRONMENTS.filter((e) => configured.includes(e) || deployed.includes(e));
    order = [...environments, SHARED_STACK];
  } else if (isEnvironment(target)) {
    if (configured.includes(target)) {
      throw new CliFailure(
        `${target} is still in INFRA_ENVIRONMENTS (${configured.join(",")}): the next deploy would create it again, and the token function still serves it. Remove it from INFRA_ENVIRONMENTS (the GitHub variable too), deploy shared, then destroy ${target}; or remove everything with \`pnpm infra:destroy all --confirm ${config.projectId}\`.`,
      );
    }
    order = [target];
  } else if (target === SHARED_STACK) {
    const deployed = await deployedEnvironments();
    const dependents = ENVIRONMENTS.filter((e) => configured.includes(e) || deployed.includes(e));
    if (dependents.length > 0) {
      throw new CliFailure(
        `shared is used by ${describe(dependents, configured, deployed)}: their lookup functions are built from its bucket into its repository, and its token function is how JSM reaches them. Destroy them first, or everything at once with \`pnpm infra:destroy all --confirm ${config.projectId}\`.`,
      );
    }
    order = [SHARED_STACK];
  } else {
    const dependents: string[] = [];
    for (const stack of [SHARED_STACK, ...ENVIRONMENTS]) {
      if ((await stateOf(stack)) > 0) dependents.push(stack);
    }
    if (dependents.length > 0) {
      throw new CliFailure(
        `bootstrap is used by ${dependents.join(", ")} (resources in their state): their functions run as its service accounts. Destroy ${dependents.join(", ")} first.`,
      );
    }
    order = [BOOTSTRAP_STACK];
  }

  const extra = ENVIRONMENTS.filter((e) => !configured.includes(e));
  const { outdir } = synthesize(config, { outdir: outdirFromEnv(env), extraEnvironments: extra });
  const terraform = terraformFromEnv(env, out.log);
  for (const stack of order) {
    out.log(`destroying ${stack}: ${losesOf(stack)}.`);
    const cwd = stackDir(outdir, stack);
    terraform.run(cwd, ["init", "-input=false"]);
    // `destroy` lists what goes and asks for "yes" unless `-auto-approve` is passed through.
    terraform.run(cwd, ["destroy", "-input=false", ...flags]);
  }
}

function parseArgs(argv: readonly string[]): { target: string; confirm?: string; flags: string[] } {
  const [target, ...rest] = argv;
  if (target === undefined || target.startsWith("-")) throw new CliFailure(USAGE, 2);
  const flags: string[] = [];
  let confirm: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === "--confirm") confirm = rest[++i];
    else if (arg.startsWith("--confirm=")) confirm = arg.slice("--confirm=".length);
    else flags.push(arg);
  }
  return confirm === undefined ? { target, flags } : { target, confirm, flags };
}

function describe(
  dependents: readonly Environment[],
  configured: readonly Environment[],
  deployed: readonly Environment[],
): string {
  return dependents
    .map((e) => {
      const why = [
        configured.includes(e) ? "in INFRA_ENVIRONMENTS" : "",
        deployed.includes(e) ? "resources in its state" : "",
      ].filter(Boolean);
      return `${e} (${why.join(", ")})`;
    })
    .join(", ");
}

if (import.meta.main) {
  try {
    await runDestroy(process.argv.slice(2), process.env, {
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if (!(error instanceof CliFailure || error instanceof InfraError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = error instanceof CliFailure ? error.exitCode : 1;
  }
}
