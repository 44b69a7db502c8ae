/**
 * `pnpm infra:plan <stack> [--if-deployed] [terraform flags]` and
 * `pnpm infra:apply <stack> [terraform flags]`: terraform init + plan/apply on what
 * `pnpm infra:synth` already wrote to infra/cdktf.out. No build, no synth, and Node built-ins
 * only, so a deploy job can build and synthesize first and authenticate to Google afterwards,
 * with nothing but Terraform running under the credentials.
 *
 * `--if-deployed` (pull-request plans): a stack whose state object does not exist yet is
 * reported and skipped instead of planned, because the GCS backend would create (and lock) an
 * empty state, which the read-only planner may not. The check reads the object's metadata with
 * the access token in STATE_ACCESS_TOKEN (the auth step's output).
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
