import { LOOKUP_ENV, LOOKUP_TARGET } from "@jsm-odoo/lookup-function/deployment";
import {
  lookupUrlVariable,
  TOKEN_ENV,
  TOKEN_TARGET,
  triggerAccountVariable,
} from "@jsm-odoo/token-function/deployment";
import { afterAll, describe, expect, it } from "vitest";
import { makeArtifacts, synthAll, TEST_PROJECT, testConfig } from "./helpers/fixtures.ts";
import {
  functionBlocks,
  onlyResourceOfType,
  resourcesOfType,
  type TfJson,
} from "./helpers/tf-json.ts";

const artifacts = makeArtifacts();
afterAll(() => artifacts.remove());
const stacks = synthAll(
  testConfig(artifacts, {
    INFRA_EXTRA_FIELDS_STAGE: '{"Tracking": "sale.order:x_tracking"}',
    INFRA_ODOO_PROTOCOL_STAGE: "json2",
    INFRA_ODOO_MAX_CONCURRENT_REQUESTS: "4",
  }),
);
const FN = "google_cloudfunctions2_function";
const fnOf = (stack: string) => onlyResourceOfType(stacks[stack] as TfJson, FN);
const url = (name: string) => `https://europe-west1-${TEST_PROJECT}.cloudfunctions.net/${name}`;
const email = (id: string) => `${id}@${TEST_PROJECT}.iam.gserviceaccount.com`;

describe("every function states its settings", () => {
  it.each([
    {
      stack: "shared",
      name: "jsm-odoo-token",
      entry: TOKEN_TARGET,
      max: 2,
      timeout: 15,
      memory: "256M",
      component: "token",
      environment: "shared",
    },
    {
      stack: "prod",
      name: "jsm-odoo-lookup-prod",
      entry: LOOKUP_TARGET,
      max: 5,
      timeout: 30,
      memory: "512M",
      component: "lookup",
      environment: "prod",
    },
    {
      stack: "stage",
      name: "jsm-odoo-lookup-stage",
      entry: LOOKUP_TARGET,
      max: 5,
      timeout: 30,
      memory: "512M",
      component: "lookup",
      environment: "stage",
    },
  ])("$name: nodejs24, ingress ALLOW_ALL, $max instances, $timeout s, $memory, labelled", (c) => {
    const fn = fnOf(c.stack);
    const { build, service } = functionBlocks(fn);
    expect(fn.name).toBe(c.name);
    expect(build.runtime).toBe("nodejs24");
    expect(build.entry_point).toBe(c.entry);
    expect(service).toMatchObject({
      ingress_settings: "ALLOW_ALL",
      max_instance_count: c.max,
      min_instance_count: 0,
      max_instance_request_concurrency: 1,
      timeout_seconds: c.timeout,
      available_memory: c.memory,
    });
    expect(fn.labels).toEqual({
      app: "jsm-odoo",
      component: c.component,
      environment: c.environment,
      "managed-by": "cdktf",
    });
  });

  it.each(["shared", "prod", "stage"])(
    "the %s function runs with NODE_ENV=production (no stack traces in Express's own error pages)",
    (stack) => {
      expect(functionBlocks(fnOf(stack)).service.environment_variables.NODE_ENV).toBe("production");
    },
  );

  it("the token function's failure budget divides by its real instance cap", () => {
    const { service } = functionBlocks(fnOf("shared"));
    expect(service.environment_variables[TOKEN_ENV.maxInstances]).toBe(
      String(service.max_instance_count),
    );
  });

  it.each(["prod", "stage"])(
    "the %s lookup times out on the platform only after its own deadline",
    (env) => {
      const { service } = functionBlocks(fnOf(env));
      const deadlineMs = Number(service.environment_variables[LOOKUP_ENV.deadlineMs]);
      expect(deadlineMs).toBe(25_000);
      expect((service.timeout_seconds as number) * 1000).toBeGreaterThan(deadlineMs);
    },
  );
});

describe("deployment order", () => {
  it.each(["shared", "prod", "stage"])(
    "the %s function starts only after its secret grants exist",
    (stack) => {
      const accessors = resourcesOfType(
        stacks[stack] as TfJson,
        "google_secret_manager_secret_iam_member",
      );
      expect(accessors.length).toBeGreaterThan(0);
      for (const accessor of accessors) {
        expect(fnOf(stack).depends_on).toContain(
          `google_secret_manager_secret_iam_member.${accessor.key}`,
        );
      }
    },
  );
});

describe("environment variables come from the functions' deployment names", () => {
  it("the token function gets exactly its variables, with every environment's audience and account", () => {
    const { service } = functionBlocks(fnOf("shared"));
    expect(service.environment_variables).toEqual({
      [TOKEN_ENV.secretsSource]: "secret-manager",
      [TOKEN_ENV.project]: TEST_PROJECT,
      [TOKEN_ENV.environments]: "prod,stage",
      [TOKEN_ENV.maxInstances]: "2",
      [TOKEN_ENV.tokenMinter]: "iam",
      [lookupUrlVariable("prod")]: url("jsm-odoo-lookup-prod"),
      [triggerAccountVariable("prod")]: email("odoo-trigger-prod"),
      [lookupUrlVariable("stage")]: url("jsm-odoo-lookup-stage"),
      [triggerAccountVariable("stage")]: email("odoo-trigger-stage"),
      NODE_ENV: "production",
    });
  });

  it.each(["prod", "stage"] as const)("the %s lookup gets exactly its variables", (env) => {
    const { service } = functionBlocks(fnOf(env));
    expect(service.environment_variables).toEqual({
      [LOOKUP_ENV.environment]: env,
      [LOOKUP_ENV.secretsSource]: "secret-manager",
      [LOOKUP_ENV.project]: TEST_PROJECT,
      [LOOKUP_ENV.expectedAudience]: url(`jsm-odoo-lookup-${env}`),
      [LOOKUP_ENV.triggerAccount]: email(`odoo-trigger-${env}`),
      [LOOKUP_ENV.tokenVerification]: "platform",
      [LOOKUP_ENV.deadlineMs]: "25000",
      [LOOKUP_ENV.odooMaxConcurrentRequests]: "4",
      ...(env === "stage"
        ? {
            [LOOKUP_ENV.extraFields]: '{"Tracking":"sale.order:x_tracking"}',
            [LOOKUP_ENV.odooProtocol]: "json2",
          }
        : {}),
      NODE_ENV: "production",
    });
  });

  it.each(["prod", "stage"] as const)(
    "the token function mints %s tokens for the audience the %s lookup expects",
    (env) => {
      const token = functionBlocks(fnOf("shared")).service.environment_variables;
      const lookup = functionBlocks(fnOf(env)).service.environment_variables;
      expect(token[lookupUrlVariable(env)]).toBe(lookup[LOOKUP_ENV.expectedAudience]);
      expect(token[triggerAccountVariable(env)]).toBe(lookup[LOOKUP_ENV.triggerAccount]);
    },
  );

  it("a single-environment deployment serves and addresses only that environment", () => {
    const only = synthAll(testConfig(artifacts, { INFRA_ENVIRONMENTS: "stage" }));
    expect(Object.keys(only)).toEqual(["shared", "stage"]);
    const vars = functionBlocks(onlyResourceOfType(only.shared as TfJson, FN)).service
      .environment_variables;
    expect(vars[TOKEN_ENV.environments]).toBe("stage");
    expect(Object.keys(vars).filter((k) => k.endsWith("_PROD"))).toEqual([]);
  });
});

describe("state and outputs", () => {
  it.each(["shared", "prod", "stage"])("%s keeps its state in its own folder", (stack) => {
    expect((stacks[stack] as TfJson).terraform?.backend).toEqual({
      gcs: { bucket: `${TEST_PROJECT}-tfstate`, prefix: `jsm-odoo/${stack}` },
    });
  });

  it.each([
    [
      "shared",
      ["build_service_account", "source_bucket", "token_function_url", "token_service_account"],
    ],
    ["prod", ["lookup_function_url", "lookup_service_account", "trigger_service_account"]],
    ["stage", ["lookup_function_url", "lookup_service_account", "trigger_service_account"]],
  ])("%s outputs %j", (stack, outputs) => {
    expect(Object.keys((stacks[stack] as TfJson).output ?? {}).sort()).toEqual(outputs);
  });
});
