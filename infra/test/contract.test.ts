// The functions' own configuration parsers accept exactly what the stacks set: the contract
// between infra/ and the function packages, checked from both sides.
import { parseLookupConfig } from "@jsm-odoo/lookup-function";
import { parseTokenConfig } from "@jsm-odoo/token-function";
import { afterAll, describe, expect, it } from "vitest";
import { makeArtifacts, synthAll, TEST_PROJECT, testConfig } from "./helpers/fixtures.ts";
import { functionBlocks, onlyResourceOfType, type TfJson } from "./helpers/tf-json.ts";

const artifacts = makeArtifacts();
afterAll(() => artifacts.remove());
const stacks = synthAll(
  testConfig(artifacts, { INFRA_EXTRA_FIELDS: '{"Trackingnumber": "sale.order:x_tracking_no"}' }),
);
const envOf = (stack: string) =>
  functionBlocks(onlyResourceOfType(stacks[stack] as TfJson, "google_cloudfunctions2_function"))
    .service.environment_variables;

describe("the functions accept the environment the stacks give them", () => {
  it("the token function parses its deployed environment", () => {
    const config = parseTokenConfig(envOf("shared"));
    expect(config).toMatchObject({
      secretsSource: "secret-manager",
      maxInstances: 2,
      tokenMinter: "iam",
    });
    expect(config.failuresPerHour * config.maxInstances).toBeLessThanOrEqual(100);
    for (const env of ["prod", "stage"] as const) {
      expect(config.environments[env]).toEqual({
        lookupUrl: envOf(env).EXPECTED_AUDIENCE,
        triggerAccount: envOf(env).TRIGGER_ACCOUNT,
      });
    }
  });

  it.each(["prod", "stage"])("the %s lookup function parses its deployed environment", (env) => {
    const config = parseLookupConfig(envOf(env));
    expect(config).toMatchObject({
      environment: env,
      expectedAudience: `https://europe-west1-${TEST_PROJECT}.cloudfunctions.net/jsm-odoo-lookup-${env}`,
      deadlineMs: 25_000,
    });
    expect(config.extraFields).toBeDefined();
  });
});
