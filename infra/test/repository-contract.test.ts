// What the workflow and the operator docs must agree on with the code: the GitHub variables the
// bootstrap stack prints, and the deployment settings the configuration reads.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEPLOYMENT_SETTINGS } from "../src/index.ts";
import { INFRA_DIR } from "./helpers/cli.ts";
import { makeArtifacts, synthBootstrap, testConfig } from "./helpers/fixtures.ts";

const artifacts = makeArtifacts();
afterAll(() => artifacts.remove());
const repoFile = (path: string) => readFileSync(join(INFRA_DIR, "..", path), "utf8");
const deployYml = repoFile(".github/workflows/deploy.yml");
const operations = repoFile("docs/operations.md");

describe("the deploy workflow and the bootstrap stack", () => {
  it("the workflow reads exactly the GCP_* variables bootstrap outputs", () => {
    const output = synthBootstrap(testConfig(artifacts)).output?.github_variables as {
      value: Record<string, string>;
    };
    const used = new Set([...deployYml.matchAll(/vars\.(GCP_[A-Z_]+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(output.value).sort());
  });
});

describe("deployment settings", () => {
  it("docs/operations.md's configuration table lists exactly DEPLOYMENT_SETTINGS", () => {
    const section = operations.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? "";
    const listed = [
      ...section.matchAll(/^\| (`INFRA_[A-Z_]+`(?:, `INFRA_[A-Z_]+`)*) \|/gm),
    ].flatMap((m) => [...(m[1] ?? "").matchAll(/`(INFRA_[A-Z_]+)`/g)].map((n) => n[1]));
    expect(listed.sort()).toEqual([...DEPLOYMENT_SETTINGS].sort());
  });

  it("deploy.yml passes exactly DEPLOYMENT_SETTINGS (and INFRA_STRICT)", () => {
    const passed = [...deployYml.matchAll(/^ {2}(INFRA_[A-Z_]+):/gm)].map((m) => m[1]);
    expect(passed.sort()).toEqual([...DEPLOYMENT_SETTINGS, "INFRA_STRICT"].sort());
  });
});
