// The deploying identities, property by property: who may change what, from which GitHub job.
import { afterAll, describe, expect, it } from "vitest";
import { CUSTOM_ROLES } from "../src/index.ts";
import { makeArtifacts, synthBootstrap, TEST_PROJECT, testConfig } from "./helpers/fixtures.ts";
import { iamGrants, ref, resourceCounts, resourcesOfType, type TfJson } from "./helpers/tf-json.ts";

const artifacts = makeArtifacts();
afterAll(() => artifacts.remove());
const REPO = "acme/jsm-odoo";
const bootstrap = synthBootstrap(testConfig(artifacts, { INFRA_GITHUB_REPOSITORY: REPO }));

const SA = "google_service_account";
const SOURCES = `projects/_/buckets/${TEST_PROJECT}-function-sources`;
const STATE = `${TEST_PROJECT}-tfstate`;
const NUMBER = `\${data.google_project.project.number}`;
const role = (name: string) => `\${google_project_iam_custom_role.role-${name}.name}`;

/** Every grant a holder has, as [where, role, condition or target account], sorted. */
function grantsOf(accountId: string): string[][] {
  const member = `serviceAccount:${ref(SA, accountId, "email")}`;
  return iamGrants(bootstrap)
    .filter((g) => g.members.includes(member))
    .map((g) => {
      const where =
        g.type === "google_project_iam_member"
          ? "project"
          : g.type === "google_storage_bucket_iam_member"
            ? `bucket ${g.resource.bucket}`
            : `account ${g.resource.service_account_id}`;
      const condition = g.resource.condition as { expression?: string } | undefined;
      return [where, g.role ?? "", condition?.expression ?? ""];
    })
    .sort(byText);
}

function byText(a: readonly string[], b: readonly string[]): number {
  const x = a.join(" ");
  const y = b.join(" ");
  return x < y ? -1 : x > y ? 1 : 0;
}
const sorted = (grants: string[][]) => [...grants].sort(byText);

describe("bootstrap stack", () => {
  it("holds exactly 59 resources: accounts, grants, custom roles and the GitHub federation", () => {
    expect(resourceCounts(bootstrap)).toEqual({
      google_service_account: 10,
      google_project_iam_member: 22,
      google_service_account_iam_member: 12,
      google_storage_bucket_iam_member: 6,
      google_project_iam_custom_role: 7,
      google_iam_workload_identity_pool: 1,
      google_iam_workload_identity_pool_provider: 1,
    });
  });

  it("keeps its own state beside the other stacks'", () => {
    expect(bootstrap.terraform?.backend).toEqual({
      gcs: { bucket: STATE, prefix: "jsm-odoo/bootstrap" },
    });
  });
});

describe("one deployer per stack, each with only what its stack needs", () => {
  it("the stage deployer: its functions, its secrets, its sources, its state, and actAs on its two accounts", () => {
    expect(grantsOf("jsm-odoo-deploy-stage")).toEqual(
      sorted([
        [`account ${ref(SA, "jsm-odoo-build", "name")}`, "roles/iam.serviceAccountUser", ""],
        [`account ${ref(SA, "jsm-odoo-lookup-stage", "name")}`, "roles/iam.serviceAccountUser", ""],
        [
          `bucket ${STATE}`,
          "roles/storage.objectUser",
          `resource.name.startsWith("projects/_/buckets/${STATE}/objects/jsm-odoo/stage/")`,
        ],
        [`bucket ${STATE}`, "roles/storage.objectViewer", ""],
        ["project", "roles/cloudfunctions.developer", ""],
        [
          "project",
          "roles/storage.objectUser",
          `resource.name.startsWith("${SOURCES}/objects/lookup-stage/")`,
        ],
        ["project", role("run_invoker_binder"), ""],
        [
          "project",
          role("secret_admin"),
          `resource.name.startsWith("projects/${NUMBER}/secrets/odoo_stage_")`,
        ],
        ["project", role("secret_creator"), ""],
      ]),
    );
  });

  it("the prod deployer mirrors stage, on prod's names only", () => {
    const prod = grantsOf("jsm-odoo-deploy-prod");
    const stage = grantsOf("jsm-odoo-deploy-stage");
    expect(prod).toEqual(
      sorted(stage.map((grant) => grant.map((part) => part.replaceAll("stage", "prod")))),
    );
    expect(JSON.stringify(prod)).not.toContain("stage");
  });

  it("the shared deployer: APIs, bucket, repository, token function, access passwords, alerts", () => {
    expect(grantsOf("jsm-odoo-deploy-shared")).toEqual(
      sorted([
        [`account ${ref(SA, "jsm-odoo-build", "name")}`, "roles/iam.serviceAccountUser", ""],
        [`account ${ref(SA, "jsm-odoo-token", "name")}`, "roles/iam.serviceAccountUser", ""],
        [
          `bucket ${STATE}`,
          "roles/storage.objectUser",
          `resource.name.startsWith("projects/_/buckets/${STATE}/objects/jsm-odoo/shared/")`,
        ],
        [`bucket ${STATE}`, "roles/storage.objectViewer", ""],
        ["project", "roles/cloudfunctions.developer", ""],
        ["project", "roles/serviceusage.serviceUsageAdmin", ""],
        [
          "project",
          "roles/storage.admin",
          `resource.name == "${SOURCES}" || resource.name.startsWith("${SOURCES}/objects/token/")`,
        ],
        ["project", role("alerting_admin"), ""],
        ["project", role("image_repository_admin"), ""],
        ["project", role("run_invoker_binder"), ""],
        [
          "project",
          role("secret_admin"),
          `resource.name.startsWith("projects/${NUMBER}/secrets/access_password")`,
        ],
        ["project", role("secret_creator"), ""],
        ["project", role("shared_resource_creator"), ""],
      ]),
    );
  });

  it("the planner: one read-only role, nothing else", () => {
    expect(grantsOf("jsm-odoo-planner")).toEqual([["project", role("planner"), ""]]);
  });

  it("no deployer may act as any account on the project: actAs is granted per account", () => {
    const identityRoles = iamGrants(bootstrap).filter(
      (g) =>
        g.type === "google_project_iam_member" &&
        /serviceAccount(User|Admin|TokenCreator)|workloadIdentityUser|securityAdmin|projectIamAdmin/.test(
          g.role ?? "",
        ),
    );
    expect(identityRoles).toEqual([]);
    for (const custom of CUSTOM_ROLES) {
      expect(
        custom.permissions.filter((p) => p.startsWith("iam.") || p.startsWith("resourcemanager.")),
      ).toEqual([]);
    }
  });

  it("the custom roles grant IAM-policy writes only on Cloud Run services, secrets and repositories", () => {
    const synthesized = resourcesOfType(bootstrap, "google_project_iam_custom_role");
    expect(synthesized.map((r) => r.role_id).sort()).toEqual(
      CUSTOM_ROLES.map((r) => `jsm_odoo_${r.name}`).sort(),
    );
    const setters = synthesized.flatMap((r) =>
      (r.permissions as string[]).filter((p) => p.endsWith("setIamPolicy")),
    );
    expect(setters.sort()).toEqual([
      "artifactregistry.repositories.setIamPolicy",
      "run.services.setIamPolicy",
      "secretmanager.secrets.setIamPolicy",
    ]);
  });

  it("no custom role can read a secret's value; the planner's can only read", () => {
    const all = CUSTOM_ROLES.flatMap((r) => r.permissions);
    expect(all.filter((p) => p.startsWith("secretmanager.versions."))).toEqual([]);
    const planner = CUSTOM_ROLES.find((r) => r.name === "planner");
    expect(planner?.permissions.filter((p) => !/\.(get|list|getIamPolicy)$/.test(p))).toEqual([]);
  });
});

describe("GitHub Actions may use each identity from one kind of job only", () => {
  const POOL = `\${google_iam_workload_identity_pool.github-pool.name}`;
  const subject = (claim: string) =>
    `principal://iam.googleapis.com/${POOL}/subject/repo:${REPO}:${claim}`;

  it("shared and prod deploy only from the reviewed production environment, stage from stage, the planner from pull requests", () => {
    const federated = iamGrants(bootstrap)
      .filter((g) => g.role === "roles/iam.workloadIdentityUser")
      .map((g) => [g.resource.service_account_id, g.members])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(federated).toEqual([
      [ref(SA, "jsm-odoo-deploy-prod", "name"), [subject("environment:production")]],
      [ref(SA, "jsm-odoo-deploy-shared", "name"), [subject("environment:production")]],
      [ref(SA, "jsm-odoo-deploy-stage", "name"), [subject("environment:stage")]],
      [ref(SA, "jsm-odoo-planner", "name"), [subject("pull_request")]],
    ]);
  });

  it("the provider trusts GitHub's issuer and refuses tokens of any other repository", () => {
    const [provider] = resourcesOfType(bootstrap, "google_iam_workload_identity_pool_provider");
    expect(provider).toMatchObject({
      oidc: { issuer_uri: "https://token.actions.githubusercontent.com" },
      attribute_condition: `assertion.repository == "${REPO}"`,
      attribute_mapping: {
        "google.subject": "assertion.sub",
        "attribute.repository": "assertion.repository",
      },
    });
  });

  it("outputs the GitHub variables the workflows read", () => {
    const output = bootstrap.output?.github_variables as { value: Record<string, string> };
    expect(Object.keys(output.value).sort()).toEqual([
      "GCP_DEPLOYER_PROD_SERVICE_ACCOUNT",
      "GCP_DEPLOYER_SHARED_SERVICE_ACCOUNT",
      "GCP_DEPLOYER_STAGE_SERVICE_ACCOUNT",
      "GCP_PLANNER_SERVICE_ACCOUNT",
      "GCP_WORKLOAD_IDENTITY_PROVIDER",
    ]);
  });
});

describe("environments come and go with the configuration", () => {
  it("a prod-only deployment has no stage accounts, deployer or grants", () => {
    const only = synthBootstrap(
      testConfig(artifacts, { INFRA_GITHUB_REPOSITORY: REPO, INFRA_ENVIRONMENTS: "prod" }),
    ) as TfJson;
    expect(JSON.stringify(only)).not.toMatch(/[-_:]stage\b/);
    expect(resourceCounts(only).google_service_account).toBe(7);
  });
});
