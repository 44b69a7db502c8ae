/**
 * The Google Cloud secret path: the real @google-cloud/secret-manager client (loaded lazily by
 * function-runtime) against a local server speaking Secret Manager's REST API.
 */

import { type FakeSecretManager, startFakeSecretManager } from "@jsm-odoo/function-runtime/testing";
import { SECRET_READ_BUDGET_MS } from "@jsm-odoo/lookup-function";
import { DEMO } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { jsonToken, lookup, type Stack, startStack } from "./helpers/stack.ts";

const PROJECT = "local-project";
let stack: Stack;
let secretManager: FakeSecretManager;
let token: string;

beforeAll(async () => {
  [stack, secretManager] = await Promise.all([startStack(), startFakeSecretManager()]);
  secretManager.setSecret(PROJECT, "odoo_prod_server", stack.emulator.url);
  secretManager.setSecret(PROJECT, "odoo_prod_db", stack.emulator.db);
  secretManager.setSecret(PROJECT, "odoo_prod_user", DEMO.users.integration.login);
  secretManager.setSecret(PROJECT, "odoo_prod_pass", `${DEMO.users.integration.apiKey}\n`);
  token = ((await (await jsonToken(stack, "prod")).json()) as { token: string }).token;
});
afterAll(async () => {
  await secretManager?.close();
  await stack?.close();
});

it("reads the Odoo secrets from Secret Manager, follows a new version and survives an outage", async () => {
  const prod = await stack.startLookup(
    "prod",
    {
      SECRETS_SOURCE: "secret-manager",
      GOOGLE_CLOUD_PROJECT: PROJECT,
      SECRET_TTL_MS: "100",
      ODOO_PROD_SERVER: "",
      ODOO_PROD_DB: "",
      ODOO_PROD_USER: "",
      ODOO_PROD_PASS: "",
    },
    { secretManagerClientOptions: secretManager.clientOptions },
  );
  const ask = async () =>
    (await lookup(prod.url, token, { serial_number: DEMO.serials.kit })).status;

  expect(await ask()).toBe(200);
  expect(secretManager.requests).toContain(
    `GET /v1/projects/${PROJECT}/secrets/odoo_prod_pass/versions/latest:access`,
  );

  // An operator adds a new version (`gcloud secrets versions add`): no redeploy.
  secretManager.setSecret(PROJECT, "odoo_prod_pass", DEMO.users.integration.password);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(await ask()).toBe(200);
  expect(stack.logs.some((line) => line.includes("odoo credentials changed"))).toBe(true);

  secretManager.failWith(503);
  await new Promise((resolve) => setTimeout(resolve, 150));
  // Secret Manager down: the current connection (last good credentials) keeps serving.
  const started = performance.now();
  expect(await ask()).toBe(200);
  expect(performance.now() - started).toBeLessThan(SECRET_READ_BUDGET_MS + 1_000);
  expect(stack.logs.some((line) => line.includes("odoo secrets unreadable"))).toBe(true);
  expect(stack.logs.join("\n")).not.toContain(DEMO.users.integration.password);
}, 30_000);
