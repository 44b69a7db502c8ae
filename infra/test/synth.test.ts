import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeArtifacts, synthAll, synthBootstrap, testConfig } from "./helpers/fixtures.ts";
import { resourceCounts, type TfJson } from "./helpers/tf-json.ts";

const artifacts = makeArtifacts();
const outdir = mkdtempSync(join(tmpdir(), "infra-out-"));
afterAll(() => {
  artifacts.remove();
  rmSync(outdir, { recursive: true, force: true });
});
const stacks: Record<string, TfJson> = {
  ...synthAll(testConfig(artifacts)),
  bootstrap: synthBootstrap(testConfig(artifacts)),
};

describe("synthesized stacks", () => {
  it("shared holds exactly 37 resources", () => {
    expect(resourceCounts(stacks.shared as TfJson)).toEqual({
      google_project_service: 11,
      google_storage_bucket: 1,
      google_storage_bucket_iam_member: 1,
      google_storage_bucket_object: 1,
      google_artifact_registry_repository: 1,
      google_artifact_registry_repository_iam_member: 1,
      google_secret_manager_secret: 3,
      google_secret_manager_secret_iam_member: 3,
      google_cloudfunctions2_function: 1,
      google_cloud_run_v2_service_iam_member: 1,
      google_logging_metric: 4,
      google_monitoring_alert_policy: 9,
    });
  });

  it.each(["prod", "stage"])("%s holds exactly 11 resources", (env) => {
    expect(resourceCounts(stacks[env] as TfJson)).toEqual({
      google_secret_manager_secret: 4,
      google_secret_manager_secret_iam_member: 4,
      google_storage_bucket_object: 1,
      google_cloudfunctions2_function: 1,
      google_cloud_run_v2_service_iam_member: 1,
    });
  });

  it("the source bucket is private, uniform and content-addressed", () => {
    const bucket = Object.values(
      (stacks.shared as TfJson).resource?.google_storage_bucket ?? {},
    )[0];
    expect(bucket).toMatchObject({
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      location: "europe-west1",
    });
  });

  // Review a change here with `pnpm exec vitest run --project infra -u` and read the diff.
  it.each(["bootstrap", "shared", "prod", "stage"])("%s matches the reviewed snapshot", (stack) => {
    expect(stacks[stack]).toMatchSnapshot();
  });
});

// These start Node (and cdktf zips each archive in one more Node process): slow on a busy machine.
describe("pnpm infra:synth (src/main.ts)", { timeout: 30_000 }, () => {
  const infraDir = join(dirname(fileURLToPath(import.meta.url)), "..");

  it("writes cdktf.out/stacks/{bootstrap,shared,prod,stage}/cdk.tf.json offline, warning about placeholders", () => {
    const run = spawnSync(process.execPath, ["src/main.ts"], {
      cwd: infraDir,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        CDKTF_OUTDIR: outdir,
        INFRA_TOKEN_ARTIFACT_DIR: artifacts.token,
        INFRA_LOOKUP_ARTIFACT_DIR: artifacts.lookup,
      },
    });
    expect(run.stderr).toContain("warning: using placeholder values for INFRA_PROJECT_ID");
    expect(run.status).toBe(0);
    for (const stack of ["bootstrap", "shared", "prod", "stage"]) {
      const file = join(outdir, "stacks", stack, "cdk.tf.json");
      expect(existsSync(file)).toBe(true);
      expect(JSON.parse(readFileSync(file, "utf8")).provider.google[0].project).toBe(
        "example-project",
      );
    }
    const zips = readFileSync(join(outdir, "stacks", "shared", "cdk.tf.json"), "utf8").match(
      /assets\/[^"]+\/archive\.zip/,
    );
    expect(zips && existsSync(join(outdir, "stacks", "shared", zips[0]))).toBe(true);
  });

  it("a new synth drops import blocks written for the previous one", () => {
    const imports = join(outdir, "stacks", "prod", "imports.tf.json");
    writeFileSync(imports, '{"import": []}\n');
    const run = spawnSync(process.execPath, ["src/main.ts"], {
      cwd: infraDir,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        CDKTF_OUTDIR: outdir,
        INFRA_TOKEN_ARTIFACT_DIR: artifacts.token,
        INFRA_LOOKUP_ARTIFACT_DIR: artifacts.lookup,
      },
    });
    expect(run.status).toBe(0);
    expect(existsSync(imports)).toBe(false);
  });

  it("fails naming every problem and no stack trace on bad configuration", () => {
    const run = spawnSync(process.execPath, ["src/main.ts"], {
      cwd: infraDir,
      encoding: "utf8",
      env: { PATH: process.env.PATH, INFRA_STRICT: "1", INFRA_REGION: "nowhere" },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("INFRA_PROJECT_ID is not set: required to plan or deploy");
    expect(run.stderr).toContain(
      'INFRA_REGION must be a region name like europe-west1 (got "nowhere")',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
