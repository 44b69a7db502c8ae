/**
 * Test fixtures: deploy artifacts with fixed contents (so asset hashes, and with them the
 * snapshots, never change) and a synthesized view of every stack.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "../../src/cdktf.ts";
import { buildApp, type InfraConfig, parseInfraConfig } from "../../src/index.ts";
import type { TfJson } from "./tf-json.ts";

export interface ArtifactFixture {
  readonly root: string;
  readonly token: string;
  readonly lookup: string;
  remove(): void;
}

/** Writes `index.js` + `package.json` for both functions into a fresh temp folder. */
export function makeArtifacts(): ArtifactFixture {
  const root = mkdtempSync(join(tmpdir(), "infra-artifacts-"));
  const token = writeArtifact(root, "token", "exports.token = () => 'token';\n");
  const lookup = writeArtifact(root, "lookup", "exports.lookup = () => 'lookup';\n");
  return { root, token, lookup, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function writeArtifact(root: string, name: string, code: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.js"), code);
  writeFileSync(join(dir, "package.json"), `{"name":"${name}","type":"commonjs"}\n`);
  return dir;
}

export const TEST_PROJECT = "jsm-odoo-test";

/** A valid configuration for a real-looking project, pointing at the fixture artifacts. */
export function testConfig(
  artifacts: ArtifactFixture,
  env: Record<string, string> = {},
): InfraConfig {
  return parseInfraConfig({
    INFRA_PROJECT_ID: TEST_PROJECT,
    INFRA_TOKEN_ARTIFACT_DIR: artifacts.token,
    INFRA_LOOKUP_ARTIFACT_DIR: artifacts.lookup,
    ...env,
  });
}

/** The stacks CI deploys (`shared` and every environment), synthesized to Terraform JSON. */
export function synthAll(config: InfraConfig): Record<string, TfJson> {
  const { shared, environments } = buildApp(config);
  const result: Record<string, TfJson> = { [shared.node.id]: parse(Testing.synth(shared)) };
  for (const [name, stack] of environments) result[name] = parse(Testing.synth(stack));
  return result;
}

/** The administrator's `bootstrap` stack (identities and grants), synthesized. */
export function synthBootstrap(config: InfraConfig): TfJson {
  return parse(Testing.synth(buildApp(config).bootstrap));
}

function parse(json: string): TfJson {
  return JSON.parse(json) as TfJson;
}
