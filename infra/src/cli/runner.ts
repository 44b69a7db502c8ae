/**
 * Running Terraform (or OpenTofu) in a synthesized stack's folder. Node built-ins only: this is
 * what a deploy job runs after it authenticated to Google, so nothing installed from the
 * registry executes with those credentials (test/prebuilt.test.ts holds the import list to it).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** What a CLI prints and returns instead of throwing: a message for the operator and an exit code. */
export class CliFailure extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "CliFailure";
    this.exitCode = exitCode;
  }
}

/** `$CDKTF_OUTDIR`, else `infra/cdktf.out` (where `pnpm infra:synth` writes), wherever we run from. */
export function outdirFromEnv(env: Record<string, string | undefined>): string {
  const infraDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  return env.CDKTF_OUTDIR ? resolve(env.CDKTF_OUTDIR) : join(infraDir, "cdktf.out");
}

export function stackDir(outdir: string, stack: string): string {
  return join(outdir, "stacks", stack);
}

/** The synthesized stacks in `outdir`, from cdktf's manifest. */
export function synthesizedStacks(outdir: string): string[] {
  const manifest = join(outdir, "manifest.json");
  if (!existsSync(manifest)) return [];
  const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { stacks?: Record<string, unknown> };
  return Object.keys(parsed.stacks ?? {});
}

/** The stack's synthesized Terraform JSON; a clear failure when there is none. */
export function readStackJson(outdir: string, stack: string | undefined): StackJson {
  const known = synthesizedStacks(outdir);
  if (stack === undefined || !known.includes(stack)) {
    throw new CliFailure(
      known.length === 0
        ? `nothing synthesized in ${outdir}: run \`pnpm infra:synth\` first.`
        : `name one synthesized stack: ${known.join(", ")} (got ${stack ?? "none"}).`,
      2,
    );
  }
  return JSON.parse(
    readFileSync(join(stackDir(outdir, stack), "cdk.tf.json"), "utf8"),
  ) as StackJson;
}

export interface StackJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: { backend?: { gcs?: { bucket: string; prefix: string } } };
}

/** Where the GCS backend keeps the stack's state object (`<prefix>/default.tfstate`). */
export function stateObject(json: StackJson): { bucket: string; object: string } {
  const gcs = json.terraform?.backend?.gcs;
  if (!gcs) throw new CliFailure("the stack has no GCS backend block; re-run `pnpm infra:synth`.");
  return { bucket: gcs.bucket, object: `${gcs.prefix}/default.tfstate` };
}

export interface Terraform {
  /** Runs `<bin> <args>` in `cwd` with the terminal attached; fails on a non-zero exit. */
  run(cwd: string, args: readonly string[]): void;
}

export function terraformFromEnv(
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): Terraform {
  const bin = env.INFRA_TERRAFORM_BIN || "terraform";
  return {
    run(cwd, args) {
      log(`$ ${bin} ${args.join(" ")}   (in ${cwd})`);
      const child = spawnSync(bin, args, { cwd, stdio: "inherit" });
      if (child.error) throw new CliFailure(`cannot run ${bin}: ${child.error.message}`);
      if (child.status !== 0) throw new CliFailure(`${bin} ${args[0]} failed`, child.status ?? 1);
    },
  };
}
