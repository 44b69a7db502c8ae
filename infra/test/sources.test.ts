import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashArtifact, InfraError } from "../src/index.ts";
import { makeArtifacts, synthAll, testConfig, writeArtifact } from "./helpers/fixtures.ts";
import { onlyResourceOfType, ref, type TfJson } from "./helpers/tf-json.ts";

const artifacts = makeArtifacts();
afterAll(() => artifacts.remove());
const OBJECT = "google_storage_bucket_object";

function tokenObjectName(): string {
  const shared = synthAll(testConfig(artifacts)).shared as TfJson;
  return onlyResourceOfType(shared, OBJECT).name as string;
}

describe("function sources are uploaded under content-hash names", () => {
  it("the function deploys exactly the uploaded object", () => {
    const stacks = synthAll(testConfig(artifacts));
    for (const json of Object.values(stacks)) {
      const object = onlyResourceOfType(json, OBJECT);
      const fn = onlyResourceOfType(json, "google_cloudfunctions2_function");
      const source = (fn.build_config as { source: { storage_source: Record<string, string> } })
        .source;
      expect(source.storage_source.object).toBe(ref(OBJECT, object.key, "name"));
      expect(object.name).toMatch(/^(token|lookup-prod|lookup-stage)\/[0-9a-f]{32}\.zip$/);
      expect(object.source).toMatch(/^assets\/.+\/archive\.zip$/);
    }
  });

  it("two synths of the same build give the same object name (nothing to redeploy)", () => {
    expect(tokenObjectName()).toBe(tokenObjectName());
  });

  it("a changed file gives a new object name (a redeploy)", () => {
    const before = tokenObjectName();
    writeArtifact(artifacts.root, "token", "exports.token = () => 'changed';\n");
    const after = tokenObjectName();
    writeArtifact(artifacts.root, "token", "exports.token = () => 'token';\n");
    expect(after).not.toBe(before);
    expect(tokenObjectName()).toBe(before);
  });

  it("a renamed file changes the hash too (cdktf's own hash would not notice)", () => {
    const dir = writeArtifact(artifacts.root, "renamed", "x\n");
    writeFileSync(join(dir, "a.js"), "same bytes");
    const before = hashArtifact(dir);
    renameSync(join(dir, "a.js"), join(dir, "b.js"));
    expect(hashArtifact(dir)).not.toBe(before);
  });

  it("the same build gives prod and stage objects of their own", () => {
    const stacks = synthAll(testConfig(artifacts));
    const names = ["prod", "stage"].map(
      (env) => onlyResourceOfType(stacks[env] as TfJson, OBJECT).name,
    );
    expect(new Set(names).size).toBe(2);
  });

  it("a missing build says to run pnpm build first", () => {
    const dir = writeArtifact(artifacts.root, "unbuilt", "x\n");
    rmSync(join(dir, "index.js"));
    const config = testConfig(artifacts, { INFRA_LOOKUP_ARTIFACT_DIR: dir });
    expect(() => synthAll(config)).toThrow(InfraError);
    expect(() => synthAll(config)).toThrow(/lacks index\.js\. Run `pnpm build` first\./);
  });
});
