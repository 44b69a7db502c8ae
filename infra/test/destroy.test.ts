// pnpm infra:destroy: nothing happens without the stack's name repeated, and nothing is torn
// down while another stack still depends on it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeStorage,
  fakeTerraform,
  runCli,
  startFakeStorage,
  stateWith,
} from "./helpers/cli.ts";
import { makeArtifacts } from "./helpers/fixtures.ts";

const artifacts = makeArtifacts();
const work = mkdtempSync(join(tmpdir(), "infra-destroy-"));
const terraform = fakeTerraform(work);
const outdir = join(work, "out");
let storage: FakeStorage;
const STATE = "acme-integrations-tfstate/jsm-odoo";

beforeAll(async () => {
  storage = await startFakeStorage();
});
beforeEach(() => {
  terraform.reset();
  storage.objects.clear();
});
afterAll(async () => {
  await storage?.close();
  artifacts.remove();
  rmSync(work, { recursive: true, force: true });
});

function destroy(args: string[], env: Record<string, string> = {}) {
  return runCli("src/cli/destroy.ts", args, {
    CDKTF_OUTDIR: outdir,
    INFRA_TERRAFORM_BIN: terraform.bin,
    INFRA_PROJECT_ID: "acme-integrations",
    INFRA_GITHUB_REPOSITORY: "acme/jsm-odoo",
    INFRA_TOKEN_ARTIFACT_DIR: artifacts.token,
    INFRA_LOOKUP_ARTIFACT_DIR: artifacts.lookup,
    STORAGE_EMULATOR_HOST: storage.url,
    STATE_ACCESS_TOKEN: "operator-token",
    ...env,
  });
}
const deployed = (stack: string, resources: number) =>
  storage.objects.set(`${STATE}/${stack}/default.tfstate`, stateWith(resources));
const dir = (stack: string) => join(outdir, "stacks", stack);

describe("pnpm infra:destroy asks for the stack's name again", { timeout: 60_000 }, () => {
  it.each([
    [["stage"], "Repeat with --confirm stage"],
    [["stage", "--confirm", "prod"], "Repeat with --confirm stage"],
    [["all", "--confirm", "all"], "Repeat with --confirm acme-integrations"],
  ])("%j changes nothing and says what would be lost", async (args, hint) => {
    const run = await destroy(args, { INFRA_ENVIRONMENTS: "prod" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(hint);
    expect(run.stderr).toContain("Nothing was changed.");
    expect(run.stderr).toMatch(/deletes .*secrets with their values/);
    expect(terraform.calls()).toEqual([]);
  });

  it("names the stacks it knows", async () => {
    const run = await destroy(["qa", "--confirm", "qa"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "name one stack: bootstrap, shared, prod, stage, or all (got qa).",
    );
  });
});

describe("pnpm infra:destroy refuses while something depends on the stack", {
  timeout: 60_000,
}, () => {
  it("an environment still in INFRA_ENVIRONMENTS (the next deploy would create it again)", async () => {
    const run = await destroy(["stage", "--confirm", "stage"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("stage is still in INFRA_ENVIRONMENTS (prod,stage)");
    expect(terraform.calls()).toEqual([]);
  });

  it("shared, while an environment is configured or still has resources in its state", async () => {
    deployed("stage", 11);
    const run = await destroy(["shared", "--confirm", "shared"], { INFRA_ENVIRONMENTS: "prod" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "shared is used by prod (in INFRA_ENVIRONMENTS), stage (resources in its state)",
    );
    expect(run.stderr).toContain("pnpm infra:destroy all --confirm acme-integrations");
    expect(terraform.calls()).toEqual([]);
  });

  it("bootstrap, while shared or an environment has resources in its state", async () => {
    deployed("shared", 37);
    deployed("prod", 0);
    const run = await destroy(["bootstrap", "--confirm", "bootstrap"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("bootstrap is used by shared (resources in their state)");
    expect(terraform.calls()).toEqual([]);
  });
});

describe("pnpm infra:destroy tears down what nothing depends on", { timeout: 60_000 }, () => {
  it("an environment removed from INFRA_ENVIRONMENTS, synthesized anyway, flags passed to terraform destroy", async () => {
    deployed("stage", 11);
    const run = await destroy(["stage", "--confirm", "stage", "-auto-approve"], {
      INFRA_ENVIRONMENTS: "prod",
    });
    expect(run.stderr).not.toContain("error");
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("destroying stage: the stage lookup function");
    expect(terraform.calls()).toEqual([
      `${dir("stage")}|init -input=false`,
      `${dir("stage")}|destroy -input=false -auto-approve`,
    ]);
  });

  it("all: every configured or deployed environment, then shared; never bootstrap", async () => {
    deployed("stage", 11);
    const run = await destroy(["all", "--confirm", "acme-integrations"], {
      INFRA_ENVIRONMENTS: "prod",
    });
    expect(run.status).toBe(0);
    expect(terraform.calls()).toEqual([
      `${dir("prod")}|init -input=false`,
      `${dir("prod")}|destroy -input=false`,
      `${dir("stage")}|init -input=false`,
      `${dir("stage")}|destroy -input=false`,
      `${dir("shared")}|init -input=false`,
      `${dir("shared")}|destroy -input=false`,
    ]);
  });

  it("bootstrap once every other state is empty (a destroyed stack keeps an empty state)", async () => {
    deployed("shared", 0);
    deployed("prod", 0);
    const run = await destroy(["bootstrap", "--confirm=bootstrap"]);
    expect(run.status).toBe(0);
    expect(terraform.calls()).toEqual([
      `${dir("bootstrap")}|init -input=false`,
      `${dir("bootstrap")}|destroy -input=false`,
    ]);
    expect(storage.tokens.every((t) => t === "Bearer operator-token")).toBe(true);
  });
});
