// pnpm infra:import: adopting what already exists (the earlier deployment's secrets and
// accounts) instead of failing with 409 "already exists".
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { makeArtifacts } from "./helpers/fixtures.ts";

const artifacts = makeArtifacts();
const work = mkdtempSync(join(tmpdir(), "infra-import-"));
const outdir = join(work, "out");
const P = "acme-integrations";

beforeAll(async () => {
  const synth = await runCli("src/main.ts", [], {
    CDKTF_OUTDIR: outdir,
    INFRA_PROJECT_ID: P,
    INFRA_TOKEN_ARTIFACT_DIR: artifacts.token,
    INFRA_LOOKUP_ARTIFACT_DIR: artifacts.lookup,
  });
  expect(synth.status).toBe(0);
}, 60_000);
afterAll(() => {
  artifacts.remove();
  rmSync(work, { recursive: true, force: true });
});

const importCli = (args: string[]) => runCli("src/cli/import.ts", args, { CDKTF_OUTDIR: outdir });
const importsOf = (stack: string) =>
  JSON.parse(readFileSync(join(outdir, "stacks", stack, "imports.tf.json"), "utf8")) as {
    import: { to: string; id: string }[];
  };

describe("pnpm infra:import <stack>", { timeout: 30_000 }, () => {
  it("lists what the stack can adopt, with the ids the provider imports by", async () => {
    const run = await importCli(["prod"]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "Importable resources of stack prod (name them to import them):",
      `  odoo_prod_db      projects/${P}/secrets/odoo_prod_db`,
      `  odoo_prod_pass    projects/${P}/secrets/odoo_prod_pass`,
      `  odoo_prod_server  projects/${P}/secrets/odoo_prod_server`,
      `  odoo_prod_user    projects/${P}/secrets/odoo_prod_user`,
    ]);
  });

  it("writes import blocks for the earlier deployment's secrets into the stack's folder", async () => {
    const shared = await importCli(["shared", "access_password"]);
    expect(shared.status).toBe(0);
    expect(importsOf("shared").import).toEqual([
      {
        to: expect.stringMatching(
          /^google_secret_manager_secret\.access-password_secret_[A-F0-9]+$/,
        ),
        id: `projects/${P}/secrets/access_password`,
      },
    ]);
    const prod = await importCli(["prod", "odoo_prod_server", "odoo_prod_pass"]);
    expect(importsOf("prod").import.map((block) => block.id)).toEqual([
      `projects/${P}/secrets/odoo_prod_pass`,
      `projects/${P}/secrets/odoo_prod_server`,
    ]);
    expect(prod.stderr).toContain("Review with `pnpm infra:plan prod`");
  });

  it("adopts the earlier trigger accounts and a Workload Identity pool made by hand", async () => {
    const run = await importCli([
      "bootstrap",
      "odoo-trigger-prod",
      "odoo-trigger-stage",
      "github",
      "github/github",
    ]);
    expect(run.status).toBe(0);
    const blocks = importsOf("bootstrap").import;
    expect(blocks).toEqual([
      {
        to: "google_iam_workload_identity_pool.github-pool",
        id: `projects/${P}/locations/global/workloadIdentityPools/github`,
      },
      {
        to: "google_iam_workload_identity_pool_provider.github-provider",
        id: `projects/${P}/locations/global/workloadIdentityPools/github/providers/github`,
      },
      {
        to: "google_service_account.odoo-trigger-prod",
        id: `projects/${P}/serviceAccounts/odoo-trigger-prod@${P}.iam.gserviceaccount.com`,
      },
      {
        to: "google_service_account.odoo-trigger-stage",
        id: `projects/${P}/serviceAccounts/odoo-trigger-stage@${P}.iam.gserviceaccount.com`,
      },
    ]);
    // Every `to` is a resource the stack declares.
    const declared = JSON.parse(
      readFileSync(join(outdir, "stacks", "bootstrap", "cdk.tf.json"), "utf8"),
    ).resource as Record<string, Record<string, unknown>>;
    for (const block of blocks) {
      const [type = "", key = ""] = block.to.split(".");
      expect(declared[type]?.[key]).toBeDefined();
    }
  });

  it("refuses names the stack does not have, writing nothing", async () => {
    const run = await importCli(["stage", "odoo_prod_pass"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("stack stage has nothing named odoo_prod_pass");
    expect(existsSync(join(outdir, "stacks", "stage", "imports.tf.json"))).toBe(false);
  });
});
