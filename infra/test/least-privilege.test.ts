import { odooSecretNames } from "@jsm-odoo/lookup-function/deployment";
import { ACCESS_PASSWORD_SECRET } from "@jsm-odoo/token-function/deployment";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ArtifactFixture,
  makeArtifacts,
  synthAll,
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
const stacks = synthAll(testConfig(artifacts));
const shared = stacks.shared as TfJson;
const envStacks = { prod: stacks.prod as TfJson, stage: stacks.stage as TfJson };
const everyStack = Object.entries(stacks);

const SA = "google_service_account";
const FN = "google_cloudfunctions2_function";
const email = (id: string) => `${id}@${TEST_PROJECT}.iam.gserviceaccount.com`;
const accountRef = (key: string) => `serviceAccount:${ref(SA, key, "email")}`;

describe("each function runs as its own user-managed service account", () => {
  it("the token function runs as the token account", () => {
    const fn = onlyResourceOfType(shared, FN);
    expect((fn.service_config as Record<string, unknown>).service_account_email).toBe(
      ref(SA, "token-account", "email"),
    );
  });

  it.each(Object.entries(envStacks))(
    "the %s lookup function runs as its own lookup account",
    (env, json) => {
      const fn = onlyResourceOfType(json, FN);
      expect((fn.service_config as Record<string, unknown>).service_account_email).toBe(
        ref(SA, "lookup-account", "email"),
      );
      const account = resourcesOfType(json, SA).find((a) => a.key === "lookup-account");
      expect(account?.account_id).toBe(`jsm-odoo-lookup-${env}`);
    },
  );

  it("every function is built by the dedicated build account", () => {
    for (const [, json] of everyStack) {
      const build = onlyResourceOfType(json, FN).build_config as Record<string, string>;
      expect(build.service_account).toMatch(
        /jsm-odoo-build@|google_service_account\.build-account\.name/,
      );
    }
  });

  it.each(everyStack)("the default compute account appears nowhere in %s", (_name, json) => {
    expect(JSON.stringify(json)).not.toMatch(
      /compute@developer\.gserviceaccount\.com|appspot\.gserviceaccount/,
    );
  });
});

describe("secrets are readable per secret by exactly the account that reads them", () => {
  const cases = [
    { stack: "shared", secrets: [ACCESS_PASSWORD_SECRET], reader: accountRef("token-account") },
    ...(["prod", "stage"] as const).map((env) => ({
      stack: env,
      secrets: Object.values(odooSecretNames(env)),
      reader: accountRef("lookup-account"),
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

  it.each(everyStack)("%s grants no Secret Manager role at project level", (_name, json) => {
    const projectRoles = iamGrants(json).filter((g) => g.type.startsWith("google_project_iam"));
    expect(projectRoles.filter((g) => g.role?.startsWith("roles/secretmanager"))).toEqual([]);
  });
});

describe("no project-level grants to runtime accounts, no basic roles", () => {
  it.each(everyStack)("%s grants project roles only to the build account", (_name, json) => {
    const projectGrants = iamGrants(json).filter((g) => g.type.startsWith("google_project_iam"));
    for (const grant of projectGrants) {
      expect(grant.type).toBe("google_project_iam_member");
      expect(grant.members).toEqual([accountRef("build-account")]);
    }
    expect(projectGrants.map((g) => g.role).sort()).toEqual(
      _name === "shared" ? ["roles/logging.logWriter", "roles/storage.objectViewer"] : [],
    );
  });

  it("the build account reads staged sources only from the platform's gcf-v2-sources buckets", () => {
    const [reader] = iamGrants(shared).filter((g) => g.key === "build-staged-source-reader");
    expect(reader?.role).toBe("roles/storage.objectViewer");
    expect(reader?.resource.condition).toHaveProperty(
      "expression",
      'resource.name.startsWith("projects/_/buckets/gcf-v2-sources-")',
    );
  });

  it.each(everyStack)("%s holds no basic role (owner, editor, viewer) anywhere", (_name, json) => {
    const roles = iamGrants(json).map((g) => g.role);
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.filter((r) => /^roles\/(owner|editor|viewer)$/.test(r ?? ""))).toEqual([]);
  });
});

describe("the token account mints ID tokens only for trigger accounts", () => {
  it.each(Object.entries(envStacks))(
    "%s: one OpenIdTokenCreator grant, on its trigger account, to the token account",
    (env, json) => {
      const grants = iamGrants(json).filter(
        (g) => g.role === "roles/iam.serviceAccountOpenIdTokenCreator",
      );
      expect(grants.map((g) => [g.type, g.resource.service_account_id, g.members])).toEqual([
        [
          "google_service_account_iam_member",
          ref(SA, "trigger-account", "name"),
          [`serviceAccount:${email("jsm-odoo-token")}`],
        ],
      ]);
      const trigger = resourcesOfType(json, SA).find((a) => a.key === "trigger-account");
      expect(trigger?.account_id).toBe(`odoo-trigger-${env}`);
    },
  );

  it("the shared stack grants no token-minting role at all", () => {
    expect(iamGrants(shared).filter((g) => g.role?.includes("TokenCreator"))).toEqual([]);
    expect(resourcesOfType(shared, "google_service_account_iam_member")).toEqual([]);
  });
});

describe("each trigger account may only invoke its own environment's lookup service", () => {
  it.each(Object.entries(envStacks))(
    "%s: the trigger account holds run.invoker on this lookup's Cloud Run service, nothing else",
    (_env, json) => {
      const grants = iamGrants(json).filter((g) =>
        g.members.includes(accountRef("trigger-account")),
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
