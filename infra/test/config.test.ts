import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEPLOYMENT_SETTINGS,
  InfraError,
  PLACEHOLDER_PROJECT_ID,
  parseInfraConfig,
} from "../src/index.ts";

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseInfraConfig(env);
  } catch (error) {
    if (error instanceof InfraError && error.code === "INFRA_CONFIG_INVALID") return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}

describe("parseInfraConfig", () => {
  it("derives documented defaults from the project id", () => {
    const config = parseInfraConfig({ INFRA_PROJECT_ID: "acme-integrations" });
    expect(config).toMatchObject({
      projectId: "acme-integrations",
      region: "europe-west1",
      environments: ["prod", "stage"],
      stateBucket: "acme-integrations-tfstate",
      statePrefix: "jsm-odoo",
      namePrefix: "jsm-odoo-",
      sourceBucket: "acme-integrations-function-sources",
      lookupMaxInstances: 5,
      odooMaxConcurrentRequests: undefined,
      extraFields: {},
      odooProtocol: {},
      githubRepository: "example-org/jsm-odoo",
      alertEmail: undefined,
      placeholders: ["INFRA_GITHUB_REPOSITORY"],
    });
  });

  it("points at the packages' dist/function folders unless told otherwise", () => {
    const config = parseInfraConfig({ INFRA_PROJECT_ID: "acme-integrations" });
    expect(config.artifacts.token).toMatch(/packages[/\\]token-function[/\\]dist[/\\]function$/);
    expect(config.artifacts.lookup).toMatch(/packages[/\\]lookup-function[/\\]dist[/\\]function$/);
    const explicit = parseInfraConfig({ INFRA_TOKEN_ARTIFACT_DIR: "build/token" });
    expect(isAbsolute(explicit.artifacts.token)).toBe(true);
    expect(explicit.artifacts.token).toBe(join(process.cwd(), "build/token"));
  });

  it("falls back to placeholders offline and names them", () => {
    const config = parseInfraConfig({});
    expect(config.projectId).toBe(PLACEHOLDER_PROJECT_ID);
    expect(config.placeholders).toEqual([
      "INFRA_PROJECT_ID",
      "INFRA_STATE_BUCKET",
      "INFRA_GITHUB_REPOSITORY",
    ]);
  });

  it("refuses placeholders in strict mode (diff and deploy)", () => {
    expect(problemsOf({ INFRA_STRICT: "1" })).toEqual([
      "INFRA_PROJECT_ID is not set: required to plan or deploy (the project id)",
      "INFRA_GITHUB_REPOSITORY is not set: required to plan or deploy (owner/name; the workflows set it from github.repository)",
    ]);
  });

  it("takes an environment subset, region, prefixes and per-environment extra fields", () => {
    const config = parseInfraConfig({
      INFRA_PROJECT_ID: "acme-integrations",
      INFRA_REGION: "us-central1",
      INFRA_ENVIRONMENTS: " Stage ",
      INFRA_NAME_PREFIX: "jo-",
      INFRA_STATE_BUCKET: "acme-state",
      INFRA_EXTRA_FIELDS: '{"A": "sale.order:x_a"}',
      INFRA_EXTRA_FIELDS_STAGE: '{"B": "stock.lot:x_b"}',
      INFRA_LOOKUP_MAX_INSTANCES: "3",
      INFRA_ODOO_MAX_CONCURRENT_REQUESTS: "2",
    });
    expect(config).toMatchObject({
      region: "us-central1",
      environments: ["stage"],
      namePrefix: "jo-",
      stateBucket: "acme-state",
      lookupMaxInstances: 3,
      odooMaxConcurrentRequests: 2,
      extraFields: { stage: '{"B":"stock.lot:x_b"}' },
    });
  });

  it.each([
    [{ INFRA_ODOO_PROTOCOL: "auto" }, { prod: "auto", stage: "auto" }],
    [{ INFRA_ODOO_PROTOCOL: "json2" }, { prod: "json2", stage: "json2" }],
    [{ INFRA_ODOO_PROTOCOL_STAGE: "json2" }, { stage: "json2" }],
    [
      { INFRA_ODOO_PROTOCOL: "json2", INFRA_ODOO_PROTOCOL_PROD: " XMLRPC " },
      { prod: "xmlrpc", stage: "json2" },
    ],
  ])("reads the Odoo protocol %j per environment, the environment's own winning", (env, want) => {
    const config = parseInfraConfig({ INFRA_PROJECT_ID: "acme-integrations", ...env });
    expect(config.odooProtocol).toEqual(want);
  });

  it("ignores the protocol of an environment it does not deploy", () => {
    const config = parseInfraConfig({
      INFRA_ENVIRONMENTS: "stage",
      INFRA_ODOO_PROTOCOL_PROD: "json2",
    });
    expect(config.odooProtocol).toEqual({});
  });

  it.each([
    [
      { INFRA_PROJECT_ID: "Acme_Prod" },
      'INFRA_PROJECT_ID must be a project id: 6-30 lowercase letters, digits or hyphens, starting with a letter (got "Acme_Prod")',
    ],
    [
      { INFRA_REGION: "europe west" },
      'INFRA_REGION must be a region name like europe-west1 (got "europe west")',
    ],
    [
      { INFRA_ENVIRONMENTS: "prod,qa" },
      'INFRA_ENVIRONMENTS must be a comma-separated list of prod, stage, each at most once (got "prod,qa")',
    ],
    [
      { INFRA_ENVIRONMENTS: "prod,prod" },
      'INFRA_ENVIRONMENTS must be a comma-separated list of prod, stage, each at most once (got "prod,prod")',
    ],
    [
      { INFRA_ENVIRONMENTS: " , " },
      'INFRA_ENVIRONMENTS must be a comma-separated list of prod, stage, each at most once (got ",")',
    ],
    [
      { INFRA_STATE_BUCKET: "Bad Bucket" },
      'INFRA_STATE_BUCKET must be a bucket name: 3-63 lowercase letters, digits, "-" or "_", not starting with "goog" (got "Bad Bucket")',
    ],
    [
      { INFRA_SOURCE_BUCKET: "google-sources" },
      'INFRA_SOURCE_BUCKET must be a bucket name: 3-63 lowercase letters, digits, "-" or "_", not starting with "goog" (got "google-sources")',
    ],
    [
      { INFRA_NAME_PREFIX: "jsm" },
      'INFRA_NAME_PREFIX must be 2-12 lowercase letters, digits or hyphens, starting with a letter and ending with "-" (service-account ids are at most 30 characters) (got "jsm")',
    ],
    [
      { INFRA_STATE_PREFIX: "/abs" },
      'INFRA_STATE_PREFIX must be 1-63 lowercase letters, digits, "-", "_" or "/" (got "/abs")',
    ],
    [
      { INFRA_LOOKUP_MAX_INSTANCES: "0" },
      'INFRA_LOOKUP_MAX_INSTANCES must be an integer from 1 to 100: max instances of each lookup function (got "0")',
    ],
    [
      { INFRA_ODOO_MAX_CONCURRENT_REQUESTS: "65" },
      'INFRA_ODOO_MAX_CONCURRENT_REQUESTS must be an integer from 1 to 64: Odoo requests in flight at once per instance (got "65")',
    ],
    [
      { INFRA_EXTRA_FIELDS: "{not json" },
      'INFRA_EXTRA_FIELDS: Extra fields configuration is not valid JSON; expected e.g. {"Trackingnumber": "sale.order:x_tracking_no"}',
    ],
    [
      { INFRA_GITHUB_REPOSITORY: "https://github.com/acme/jsm-odoo" },
      'INFRA_GITHUB_REPOSITORY must be a GitHub repository: owner/name, e.g. acme/jsm-odoo (got "https://github.com/acme/jsm-odoo")',
    ],
    [
      { INFRA_ALERT_EMAIL: "ops@example.com, dev@example.com" },
      'INFRA_ALERT_EMAIL must be one e-mail address, e.g. ops@example.com (got "ops@example.com, dev@example.com")',
    ],
    [
      { INFRA_EXTRA_FIELDS_PROD: '{"A": 1}' },
      'INFRA_EXTRA_FIELDS_PROD: Extra fields configuration is invalid:\n- "A": expected a string "model:field"',
    ],
    [
      // Accepted by infra's own looser pattern before: the lookup function refused it at start-up.
      { INFRA_EXTRA_FIELDS: '{"Invoice": "account.move:name"}' },
      expect.stringMatching(
        /^INFRA_EXTRA_FIELDS: Extra fields configuration is invalid:\n- "Invoice": .*account\.move/,
      ),
    ],
    [
      { INFRA_ODOO_PROTOCOL: "jsonrpc" },
      'INFRA_ODOO_PROTOCOL must be one of auto, xmlrpc, json2 (got "jsonrpc")',
    ],
    [
      { INFRA_ODOO_PROTOCOL_STAGE: "json-2" },
      'INFRA_ODOO_PROTOCOL_STAGE must be one of auto, xmlrpc, json2 (got "json-2")',
    ],
  ])("refuses %j with one clear message", (env, message) => {
    expect(problemsOf({ INFRA_PROJECT_ID: "acme-integrations", ...env })).toEqual([message]);
  });

  it("reads the GitHub repository and the alert address", () => {
    const config = parseInfraConfig({
      INFRA_PROJECT_ID: "acme-integrations",
      INFRA_GITHUB_REPOSITORY: "acme/jsm-odoo",
      INFRA_ALERT_EMAIL: "ops@example.com",
    });
    expect(config).toMatchObject({
      githubRepository: "acme/jsm-odoo",
      alertEmail: "ops@example.com",
      placeholders: [],
    });
  });

  // The list deploy.yml and docs/operations.md are held to: each entry must change what is
  // deployed, or it would be a setting CI passes for nothing.
  it.each(DEPLOYMENT_SETTINGS.map((name) => [name]))("%s is read by the configuration", (name) => {
    const base = {
      INFRA_PROJECT_ID: "acme-integrations",
      INFRA_GITHUB_REPOSITORY: "acme/jsm-odoo",
    };
    const sample: Record<string, string> = {
      INFRA_PROJECT_ID: "other-project",
      INFRA_REGION: "us-central1",
      INFRA_ENVIRONMENTS: "stage",
      INFRA_STATE_BUCKET: "other-state",
      INFRA_STATE_PREFIX: "other",
      INFRA_NAME_PREFIX: "jo-",
      INFRA_SOURCE_BUCKET: "other-sources",
      INFRA_LOOKUP_MAX_INSTANCES: "3",
      INFRA_ODOO_MAX_CONCURRENT_REQUESTS: "2",
      INFRA_ALERT_EMAIL: "ops@example.com",
      INFRA_GITHUB_REPOSITORY: "other/repo",
    };
    const value =
      sample[name] ??
      (name.startsWith("INFRA_EXTRA_FIELDS") ? '{"A": "sale.order:x_a"}' : undefined) ??
      (name.startsWith("INFRA_ODOO_PROTOCOL") ? "json2" : undefined);
    expect(value).toBeDefined();
    const strip = ({ artifacts: _a, ...rest }: ReturnType<typeof parseInfraConfig>) => rest;
    expect(strip(parseInfraConfig({ ...base, [name]: value }))).not.toEqual(
      strip(parseInfraConfig(base)),
    );
  });

  it("lists every problem at once", () => {
    const problems = problemsOf({
      INFRA_PROJECT_ID: "X",
      INFRA_REGION: "mars",
      INFRA_ENVIRONMENTS: "dev",
    });
    expect(problems).toHaveLength(3);
  });
});
