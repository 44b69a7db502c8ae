/**
 * `pnpm infra:diff <stack>` / `pnpm infra:deploy <stack> [terraform apply flags]`.
 *
 * Synthesizes in strict mode (no placeholders), then runs Terraform (or OpenTofu, via
 * INFRA_TERRAFORM_BIN) in the stack's synthesized folder: `init`, then `plan` or `apply`.
 * This is what `cdktf diff|deploy` do, without the archived cdktf CLI: its pseudo-terminal addon
 * (@cdktf/node-pty-prebuilt-multiarch) ships no binary for Node 24, so it cannot start here.
 * Needs terraform and Google credentials (e.g. `gcloud auth application-default login`).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseInfraConfig } from "./config.ts";
import { InfraError } from "./errors.ts";
import { stackNames, synthesize } from "./synth.ts";

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

const [command, stack, ...extra] = process.argv.slice(2);
if (command !== "diff" && command !== "deploy") {
  fail("usage: node src/terraform.ts <diff|deploy> <stack> [terraform flags]");
}

try {
  const config = parseInfraConfig({ ...process.env, INFRA_STRICT: "1" });
  const known = stackNames(config);
  if (stack === undefined || !known.includes(stack)) {
    fail(`name one stack: ${known.join(", ")} (got ${stack ?? "none"}).`);
  }
  const { outdir } = synthesize(config);
  deploy(command, stack, outdir);
} catch (error) {
  if (error instanceof InfraError) fail(error.message);
  throw error;
}

function deploy(command: "diff" | "deploy", stack: string, outdir: string): void {
  const terraform = process.env.INFRA_TERRAFORM_BIN || "terraform";
  const cwd = join(outdir, "stacks", stack);
  const run = (args: string[]): void => {
    process.stderr.write(`$ ${terraform} ${args.join(" ")}   (in ${cwd})\n`);
    const child = spawnSync(terraform, args, { cwd, stdio: "inherit" });
    if (child.error) fail(`cannot run ${terraform}: ${child.error.message}`);
    if (child.status !== 0) process.exit(child.status ?? 1);
  };
  run(["init", "-input=false"]);
  // `apply` asks for approval on the terminal (unless `-auto-approve` is passed through).
  run(command === "diff" ? ["plan", "-input=false", ...extra] : ["apply", ...extra]);
}
