/**
 * `pnpm infra:diff <stack>` / `pnpm infra:deploy <stack> [terraform apply flags]`, for a
 * workstation: synthesize in strict mode (no placeholders), then terraform init + plan or apply
 * in the stack's folder, as `pnpm infra:plan|apply` do on a prebuilt synth.
 *
 * This is what `cdktf diff|deploy` do, without the archived cdktf CLI: its pseudo-terminal addon
 * (@cdktf/node-pty-prebuilt-multiarch) ships no binary for Node 24, so it cannot start here.
 * Needs terraform and Google credentials (e.g. `gcloud auth application-default login`).
 */
import { parseInfraConfig } from "../config.ts";
import { InfraError } from "../errors.ts";
import { stackNames, synthesize } from "../synth.ts";
import { CliFailure, outdirFromEnv, stackDir, terraformFromEnv } from "./runner.ts";

export function runSynthAndTerraform(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  out: { log: (line: string) => void },
): void {
  const [command, stack, ...flags] = argv;
  if (command !== "diff" && command !== "deploy") {
    throw new CliFailure(
      "usage: node src/cli/terraform.ts <diff|deploy> <stack> [terraform flags]",
      2,
    );
  }
  const config = parseInfraConfig({ ...env, INFRA_STRICT: "1" });
  const known = stackNames(config);
  if (stack === undefined || !known.includes(stack)) {
    throw new CliFailure(`name one stack: ${known.join(", ")} (got ${stack ?? "none"}).`, 2);
  }
  const { outdir } = synthesize(config, { outdir: outdirFromEnv(env) });
  const terraform = terraformFromEnv(env, out.log);
  const cwd = stackDir(outdir, stack);
  terraform.run(cwd, ["init", "-input=false"]);
  // `apply` asks for approval on the terminal (unless `-auto-approve` is passed through).
  terraform.run(cwd, command === "diff" ? ["plan", "-input=false", ...flags] : ["apply", ...flags]);
}

if (import.meta.main) {
  try {
    runSynthAndTerraform(process.argv.slice(2), process.env, {
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if (!(error instanceof CliFailure || error instanceof InfraError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = error instanceof CliFailure ? error.exitCode : 1;
  }
}
