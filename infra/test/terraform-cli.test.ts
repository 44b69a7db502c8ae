import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeArtifacts } from "./helpers/fixtures.ts";

const infraDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = makeArtifacts();
const work = mkdtempSync(join(tmpdir(), "infra-tf-"));
afterAll(() => {
  artifacts.remove();
  rmSync(work, { recursive: true, force: true });
});

// A stand-in terraform that records where and how it was called.
const log = join(work, "calls.log");
const fakeTerraform = join(work, "terraform");
writeFileSync(fakeTerraform, `#!/bin/sh\necho "$PWD|$*" >> "${log}"\n`);
chmodSync(fakeTerraform, 0o755);

function runCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["src/terraform.ts", ...args], {
    cwd: infraDir,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      CDKTF_OUTDIR: join(work, "out"),
      INFRA_TERRAFORM_BIN: fakeTerraform,
      INFRA_PROJECT_ID: "acme-integrations",
      INFRA_TOKEN_ARTIFACT_DIR: artifacts.token,
      INFRA_LOOKUP_ARTIFACT_DIR: artifacts.lookup,
      ...env,
    },
  });
}

describe("pnpm infra:diff|deploy <stack> (src/terraform.ts)", { timeout: 30_000 }, () => {
  it("diff prod synthesizes, then runs terraform init and plan in the prod stack's folder only", () => {
    const run = runCli(["diff", "prod"]);
    expect(run.stderr).not.toContain("error");
    expect(run.status).toBe(0);
    const stackDir = join(work, "out", "stacks", "prod");
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
      `${stackDir}|init -input=false`,
      `${stackDir}|plan -input=false`,
    ]);
  });

  it("refuses a stack that does not exist, naming the ones that do", () => {
    const run = runCli(["deploy", "qa"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("error: name one stack: shared, prod, stage (got qa).");
  });
});
