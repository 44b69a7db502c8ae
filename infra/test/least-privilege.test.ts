import { odooSecretNames } from "@jsm-odoo/lookup-function/deployment";
import { ACCESS_PASSWORD_SECRET, accessPasswordSecret } from "@jsm-odoo/token-function/deployment";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ArtifactFixture,
  makeArtifacts,
  synthAll,
  synthBootstrap,
  TEST_PROJECT,
  testConfig,
} from "./helpers/fixtures.ts";
import {
  allResources,
  iamGrants,
  onlyResourceOfType,
  ref,
  resourcesOfType,
  type TfJson,
} from "./helpers/tf-json.ts";

const artifacts: ArtifactFixture = makeArtifacts();
afterAll(() => artifacts.remove());
const config = testConfig(artifacts);
const stacks = synthAll(config);
const bootstrap = synthBootstrap(config);
const shared = stacks.shared as TfJson;
const envStacks = { prod: stacks.prod as TfJson, stage: stacks.stage as TfJson };
const deployable = Object.entries(stacks);
const everyStack = [...deployable, ["bootstrap", bootstrap] as const];

const SA = "google_service_account";
const FN = "google_cloudfunctions2_function";
const email = (id: string) => `${id}@${TEST_PROJECT}.iam.gserviceaccount.com`;
const member = (id: string) => `serviceAccount:${email(id)}`;
const bootstrapAccount = (id: string) => `serviceAccount:${ref(SA, id, "email")}`;

describe("each function runs as its own user-managed service account", () => {
  it("the bootstrap stack creates every runtime account; the deployable stacks create none", () => {
    expect(
      resourcesOfType(bootstrap, SA)
        .map((a) => a.account_id)
        .filter((id) => !/deploy|planner/.test(String(id)))
        .sort(),
    ).toEqual([
      "jsm-odoo-build",
      "jsm-odoo-lookup-prod",
      "jsm-odoo-lookup-stage",
      "jsm-odoo-token",
      "odoo-trigger-prod",
      "odoo-trigger-stage",
    ]);
    for (const [, json] of deployable) expect(resourcesOfType(json, SA)).toEqual([]);
  });

  it.each([
    ["shared", "jsm-odoo-token"],
    ["prod", "jsm-odoo-lookup-prod"],
    ["stage", "jsm-odoo-lookup-stage"],
  ])("the %s function runs as %s", (stack, account) => {
    const fn = onlyResourceOfType(stacks[stack] as TfJson, FN);
    expect((fn.service_config as Record<string, unknown>).service_account_email).toBe(
      email(account),
    );
  });

  it.each(deployable)("the %s function is built by the dedicated build account", (_s, json) => {
    const build = onlyResourceOfType(json, FN).build_config as Record<string, string>;
    expect(build.service_account).toBe(
      `projects/${TEST_PROJECT}/serviceAccounts/${email("jsm-odoo-build")}`,
    );
  });

  it.each(everyStack)("the default compute account appears nowhere in %s", (_name, json) => {
    expect(JSON.stringify(json)).not.toMatch(
      /compute@developer\.gserviceaccount\.com|appspot\.gserviceaccount/,
    );
  });
});

describe("secrets are readable per secret by exactly the account that reads them", () => {
  const cases = [
    {
      stack: "shared",
      secrets: [
        ACCESS_PASSWORD_SECRET,
        accessPasswordSecret("prod"),
        accessPasswordSecret("stage"),
      ],
      reader: member("jsm-odoo-token"),
    },
    ...(["prod", "stage"] as const).map((env) => ({
      stack: env,
      secrets: Object.values(odooSecretNames(env)),
      reader: member(`jsm-odoo-lookup-${env}`),
    })),
  ];

  it.each(cases)(
    "$stack: each of $secrets has one accessor, $reader",
    ({ stack, secrets, reader }) => {
      const json = stacks[stack] as TfJson;
      const secretResources = resourcesOfType(json, "google_secret_manager_secret");
      expect(secretResources.map((s) => s.secret_id).sort()).toEqual([...secrets].sort());
      const grants = iamGrants(json).filter((g) => g.role === "roles/secretmanager.secretAccessor");
      expect(grants).toHaveLength(secrets.length);
      for (const secret of secretResources) {
        const onThis = grants.filter(
          (g) =>
            g.resource.secret_id === ref("google_secret_manager_secret", secret.key, "secret_id"),
        );
        expect(onThis.map((g) => [g.type, g.members])).toEqual([
          ["google_secret_manager_secret_iam_member", [reader]],
        ]);
      }
    },
  );

  it("the access password secrets wait for the Secret Manager API (a first apply enables it)", () => {
    const api = resourcesOfType(shared, "google_project_service").find(
      (s) => s.service === "secretmanager.googleapis.com",
    );
    for (const secret of resourcesOfType(shared, "google_secret_manager_secret")) {
      expect(secret.depends_on).toEqual([`google_project_service.${api?.key}`]);
    }
  });

  it("a single-environment deployment has only that environment's access password secret", () => {
    const only = synthAll(testConfig(artifacts, { INFRA_ENVIRONMENTS: "prod" })).shared as TfJson;
    expect(
      resourcesOfType(only, "google_secret_manager_secret")
        .map((s) => s.secret_id)
        .sort(),
    ).toEqual([ACCESS_PASSWORD_SECRET, accessPasswordSecret("prod")]);
  });

  it.each(everyStack)(
    "%s grants no Secret Manager role to a runtime account on the project",
    (_n, json) => {
      const projectRoles = iamGrants(json).filter((g) => g.type.startsWith("google_project_iam"));
      expect(projectRoles.filter((g) => g.role?.startsWith("roles/secretmanager"))).toEqual([]);
    },
  );
});

describe("no project-level grants to runtime accounts, no basic roles", () => {
  it.each(deployable)("%s grants nothing on the project", (_name, json) => {
    expect(iamGrants(json).filter((g) => g.type.startsWith("google_project_iam"))).toEqual([]);
  });

  it("of the runtime accounts, only the build account holds project roles: log writing and staged-source reading", () => {
    const runtime = [
      "jsm-odoo-build",
      "jsm-odoo-token",
      "jsm-odoo-lookup-prod",
      "jsm-odoo-lookup-stage",
      "odoo-trigger-prod",
      "odoo-trigger-stage",
    ];
    const projectGrants = iamGrants(bootstrap).filter(
      (g) =>
        g.type === "google_project_iam_member" &&
        runtime.some((id) => g.members.includes(bootstrapAccount(id))),
    );
    expect(projectGrants.map((g) => [g.members, g.role]).sort()).toEqual([
      [[bootstrapAccount("jsm-odoo-build")], "roles/logging.logWriter"],
      [[bootstrapAccount("jsm-odoo-build")], "roles/storage.objectViewer"],
    ]);
    const staged = projectGrants.find((g) => g.role === "roles/storage.objectViewer");
    expect(staged?.resource.condition).toHaveProperty(
      "expression",
      'resource.name.startsWith("projects/_/buckets/gcf-v2-sources-")',
    );
  });

  it("the build account may read sources and write images only in the shared bucket and repository", () => {
    const onShared = iamGrants(shared).filter((g) => g.members.includes(member("jsm-odoo-build")));
    expect(onShared.map((g) => [g.type, g.role])).toEqual([
      ["google_artifact_registry_repository_iam_member", "roles/artifactregistry.writer"],
      ["google_storage_bucket_iam_member", "roles/storage.objectViewer"],
    ]);
  });

  it.each(everyStack)("%s holds no basic role (owner, editor, viewer) anywhere", (_name, json) => {
    const roles = iamGrants(json).map((g) => g.role);
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.filter((r) => /^roles\/(owner|editor|viewer)$/.test(r ?? ""))).toEqual([]);
  });
});

describe("the token account mints ID tokens only for trigger accounts", () => {
  it("one OpenIdTokenCreator grant per environment, on its trigger account, to the token account", () => {
    const grants = everyStack.flatMap(([stack, json]) =>
      iamGrants(json)
        .filter((g) => g.role?.includes("TokenCreator"))
        .map((g) => [stack, g.type, g.role, g.resource.service_account_id, g.members]),
    );
    expect(grants).toEqual(
      (["prod", "stage"] as const).map((env) => [
        "bootstrap",
        "google_service_account_iam_member",
        "roles/iam.serviceAccountOpenIdTokenCreator",
        ref(SA, `odoo-trigger-${env}`, "name"),
        [bootstrapAccount("jsm-odoo-token")],
      ]),
    );
  });
});

describe("each trigger account may only invoke its own environment's lookup service", () => {
  it.each(Object.entries(envStacks))(
    "%s: the trigger account holds run.invoker on this lookup's Cloud Run service, nothing else",
    (env, json) => {
      const grants = everyStack.flatMap(([, j]) =>
        iamGrants(j).filter(
          (g) =>
            g.members.includes(member(`odoo-trigger-${env}`)) ||
            g.members.includes(bootstrapAccount(`odoo-trigger-${env}`)),
        ),
      );
      expect(grants.map((g) => [g.type, g.role, g.resource.name])).toEqual([
        [
          "google_cloud_run_v2_service_iam_member",
          "roles/run.invoker",
          ref(FN, onlyResourceOfType(json, FN).key, "service_config[0].service"),
        ],
      ]);
    },
  );

  it.each([
    ["prod", "stage"],
    ["stage", "prod"],
  ])("the %s stack never mentions %s (no cross-environment reference)", (env, other) => {
    // NODE_ENV's value is Node's word "production", not our environment `prod`.
    const json = JSON.stringify(envStacks[env as "prod"]).replaceAll('"NODE_ENV":"production"', "");
    expect(json).not.toContain(other);
  });

  it("no stack uses the cloudfunctions2 IAM resources (they reject roles/run.invoker)", () => {
    for (const [, json] of everyStack) {
      expect(
        allResources(json).filter((r) => r.type.startsWith("google_cloudfunctions2_function_iam")),
      ).toEqual([]);
    }
  });
});

describe("only the token function is public", () => {
  it("allUsers holds exactly one grant: run.invoker on the token function's service", () => {
    const publicGrants = everyStack.flatMap(([stack, json]) =>
      iamGrants(json)
        .filter((g) => g.members.some((m) => m === "allUsers" || m === "allAuthenticatedUsers"))
        .map((g) => [stack, g.type, g.role, g.resource.name]),
    );
    expect(publicGrants).toEqual([
      [
        "shared",
        "google_cloud_run_v2_service_iam_member",
        "roles/run.invoker",
        ref(FN, onlyResourceOfType(shared, FN).key, "service_config[0].service"),
      ],
    ]);
  });
});

describe("no keys, no secret values", () => {
  it.each(everyStack)("%s creates no service-account key and no secret version", (_name, json) => {
    const types = allResources(json).map((r) => r.type);
    expect(types).not.toContain("google_service_account_key");
    expect(types).not.toContain("google_secret_manager_secret_version");
    expect(JSON.stringify(json)).not.toMatch(/secret_data|private_key/);
  });
});
