import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeStorage,
  fakeTerraform,
  INFRA_DIR,
  runCli,
  startFakeStorage,
  stateWith,
} from "./helpers/cli.ts";
import { makeArtifacts } from "./helpers/fixtures.ts";

const artifacts = makeArtifacts();
const work = mkdtempSync(join(tmpdir(), "infra-tf-"));
const terraform = fakeTerraform(work);
const outdir = join(work, "out");
let storage: FakeStorage;
const BASE_ENV = {
  CDKTF_OUTDIR: outdir,
  INFRA_TERRAFORM_BIN: terraform.bin,
  INFRA_PROJECT_ID: "acme-integrations",
  INFRA_GITHUB_REPOSITORY: "acme/jsm-odoo",
  INFRA_TOKEN_ARTIFACT_DIR: artifacts.token,
  INFRA_LOOKUP_ARTIFACT_DIR: artifacts.lookup,
};
const stackDir = (stack: string) => join(outdir, "stacks", stack);

beforeAll(async () => {
  storage = await startFakeStorage();
  const synth = await runCli("src/main.ts", [], BASE_ENV);
  expect(synth.status).toBe(0);
}, 60_000);
afterAll(async () => {
  await storage?.close();
  artifacts.remove();
  rmSync(work, { recursive: true, force: true });
});

describe("pnpm infra:diff|deploy <stack> (src/cli/terraform.ts)", { timeout: 60_000 }, () => {
  it("diff prod synthesizes, then runs terraform init and plan in the prod stack's folder only", async () => {
    terraform.reset();
    const run = await runCli("src/cli/terraform.ts", ["diff", "prod"], BASE_ENV);
    expect(run.stderr).not.toContain("error");
    expect(run.status).toBe(0);
    expect(terraform.calls()).toEqual([
      `${stackDir("prod")}|init -input=false`,
      `${stackDir("prod")}|plan -input=false`,
    ]);
  });

  it("refuses a stack that does not exist, naming the ones that do", async () => {
    const run = await runCli("src/cli/terraform.ts", ["deploy", "qa"], BASE_ENV);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: name one stack: bootstrap, shared, prod, stage (got qa).");
  });

  it("refuses placeholders: a deploy needs the project and the GitHub repository", async () => {
    const { INFRA_PROJECT_ID: _p, INFRA_GITHUB_REPOSITORY: _g, ...rest } = BASE_ENV;
    const run = await runCli("src/cli/terraform.ts", ["deploy", "prod"], rest);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("INFRA_PROJECT_ID is not set: required");
    expect(run.stderr).toContain("INFRA_GITHUB_REPOSITORY is not set: required");
  });
});

describe("pnpm infra:plan|apply <stack> on a prebuilt synth (src/cli/prebuilt.ts)", {
  timeout: 60_000,
}, () => {
  it("apply runs terraform init and apply in the synthesized folder, passing flags through, without synthesizing", async () => {
    terraform.reset();
    const before = readFileSync(join(stackDir("stage"), "cdk.tf.json"), "utf8");
    const run = await runCli(
      "src/cli/prebuilt.ts",
      ["apply", "stage", "-auto-approve", "-no-color"],
      {
        CDKTF_OUTDIR: outdir,
        INFRA_TERRAFORM_BIN: terraform.bin,
      },
    );
    expect(run.status).toBe(0);
    expect(terraform.calls()).toEqual([
      `${stackDir("stage")}|init -input=false`,
      `${stackDir("stage")}|apply -auto-approve -no-color`,
    ]);
    expect(readFileSync(join(stackDir("stage"), "cdk.tf.json"), "utf8")).toBe(before);
  });

  it("plan runs terraform plan", async () => {
    terraform.reset();
    const run = await runCli("src/cli/prebuilt.ts", ["plan", "shared", "-lock=false"], {
      CDKTF_OUTDIR: outdir,
      INFRA_TERRAFORM_BIN: terraform.bin,
    });
    expect(run.status).toBe(0);
    expect(terraform.calls()).toEqual([
      `${stackDir("shared")}|init -input=false`,
      `${stackDir("shared")}|plan -input=false -lock=false`,
    ]);
  });

  it("refuses a stack that was not synthesized, and says when nothing was", async () => {
    const unknown = await runCli("src/cli/prebuilt.ts", ["apply", "qa"], { CDKTF_OUTDIR: outdir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(
      "name one synthesized stack: bootstrap, prod, shared, stage (got qa).",
    );
    const empty = await runCli("src/cli/prebuilt.ts", ["apply", "prod"], {
      CDKTF_OUTDIR: join(work, "none"),
    });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain("run `pnpm infra:synth` first");
  });

  describe("--if-deployed (pull-request plans with a read-only planner)", () => {
    const planEnv = () => ({
      CDKTF_OUTDIR: outdir,
      INFRA_TERRAFORM_BIN: terraform.bin,
      STORAGE_EMULATOR_HOST: storage.url,
      STATE_ACCESS_TOKEN: "planner-token",
    });

    it("plans a stack whose state exists, reading its metadata with the given token", async () => {
      terraform.reset();
      storage.objects.set("acme-integrations-tfstate/jsm-odoo/prod/default.tfstate", stateWith(3));
      const run = await runCli(
        "src/cli/prebuilt.ts",
        ["plan", "prod", "--if-deployed", "-lock=false"],
        planEnv(),
      );
      expect(run.status).toBe(0);
      expect(terraform.calls()).toEqual([
        `${stackDir("prod")}|init -input=false`,
        `${stackDir("prod")}|plan -input=false -lock=false`,
      ]);
      expect(storage.tokens.at(-1)).toBe("Bearer planner-token");
    });

    it("skips a stack with no state yet instead of letting the backend create one", async () => {
      terraform.reset();
      const run = await runCli(
        "src/cli/prebuilt.ts",
        ["plan", "stage", "--if-deployed"],
        planEnv(),
      );
      expect(run.status).toBe(0);
      expect(run.stderr).toContain(
        "stage: not deployed yet (no gs://acme-integrations-tfstate/jsm-odoo/stage/default.tfstate)",
      );
      expect(terraform.calls()).toEqual([]);
    });

    it("fails, without planning, when the state cannot be read", async () => {
      terraform.reset();
      storage.failWith = 403;
      const run = await runCli("src/cli/prebuilt.ts", ["plan", "prod", "--if-deployed"], planEnv());
      storage.failWith = undefined;
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("HTTP 403");
      expect(terraform.calls()).toEqual([]);
    });

    it("needs the token", async () => {
      const { STATE_ACCESS_TOKEN: _t, ...env } = planEnv();
      const run = await runCli("src/cli/prebuilt.ts", ["plan", "prod", "--if-deployed"], env);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("STATE_ACCESS_TOKEN");
    });
  });

  // A deploy job authenticates to Google and then runs only this: nothing installed from the
  // registry may execute with the credentials.
  it("imports nothing but Node built-ins, directly or through its own modules", () => {
    const seen = new Set<string>();
    const visit = (file: string): string[] => {
      if (seen.has(file)) return [];
      seen.add(file);
      const source = readFileSync(join(INFRA_DIR, "src", "cli", file), "utf8");
      const specifiers = [...source.matchAll(/^import[^;]*?from "([^"]+)";/gms)].map(
        (m) => m[1] ?? "",
      );
      return specifiers.flatMap((s) => (s.startsWith("./") ? visit(s.slice(2)) : [s]));
    };
    const external = visit("prebuilt.ts");
    expect(external.length).toBeGreaterThan(0);
    expect(external.filter((s) => !s.startsWith("node:"))).toEqual([]);
    expect([...seen].sort()).toEqual(["prebuilt.ts", "runner.ts", "state.ts"]);
    expect(readdirSync(join(INFRA_DIR, "src", "cli"))).toContain("prebuilt.ts");
  });
});
