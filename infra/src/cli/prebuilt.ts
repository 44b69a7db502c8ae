/**
 * `pnpm infra:plan <stack> [--if-deployed] [terraform flags]` and `pnpm infra:apply <stack>
 * [terraform flags]`: terraform init + plan/apply on what `pnpm infra:synth` wrote to
 * infra/cdktf.out, Node built-ins only (why, and `--if-deployed`: docs/decisions.md).
 */
import {
  CliFailure,
  outdirFromEnv,
  readStackJson,
  stackDir,
  stateObject,
  terraformFromEnv,
} from "./runner.ts";
import { stateExists } from "./state.ts";

const USAGE =
  "usage: pnpm infra:plan <stack> [--if-deployed] [terraform flags] | pnpm infra:apply <stack> [terraform flags]";

export async function runPrebuilt(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  out: { log: (line: string) => void },
): Promise<void> {
  const [command, stack, ...rest] = argv;
  if (command !== "plan" && command !== "apply") throw new CliFailure(USAGE, 2);
  const outdir = outdirFromEnv(env);
  const json = readStackJson(outdir, stack);
  const ifDeployed = rest.includes("--if-deployed");
  const flags = rest.filter((arg) => arg !== "--if-deployed");
  if (ifDeployed && command !== "plan") throw new CliFailure("--if-deployed is for plan only.", 2);

  if (ifDeployed) {
    const { bucket, object } = stateObject(json);
    if (!(await stateExists(bucket, object, env, { token: "env-only" }))) {
      out.log(
        `${stack}: not deployed yet (no gs://${bucket}/${object}): nothing to plan against; the first apply creates the state.`,
      );
      return;
    }
  }
  const terraform = terraformFromEnv(env, out.log);
  const cwd = stackDir(outdir, stack as string);
  terraform.run(cwd, ["init", "-input=false"]);
  // `apply` asks for approval on the terminal unless `-auto-approve` is passed through.
  terraform.run(cwd, command === "plan" ? ["plan", "-input=false", ...flags] : ["apply", ...flags]);
}

if (import.meta.main) {
  try {
    await runPrebuilt(process.argv.slice(2), process.env, {
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if (!(error instanceof CliFailure)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}
