import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOKUP_MODELS } from "../src/doctor/models.ts";
import { EXIT } from "../src/main.ts";
import { type CliRun, cli } from "./support/run.ts";

const { integration } = DEMO.users;

/** SECRETS_SOURCE=env plus the lookup function's ODOO_PROTOCOL, as doctor's environment. */
function envFor(url: string, pass: string, protocol?: string) {
  return {
    SECRETS_SOURCE: "env",
    SECRETS_ENV_FILE: "/nonexistent/.env",
    ACCESS_PASSWORD: "k3Jq9x-Vd2LmP8wQzR5tYb7nH4cF1sAe",
    ODOO_PROD_SERVER: url,
    ODOO_PROD_DB: DEMO.db,
    ODOO_PROD_USER: integration.login,
    ODOO_PROD_PASS: pass,
    ...(protocol === undefined ? {} : { ODOO_PROTOCOL: protocol }),
  };
}

const doctor = (env: Record<string, string>) => cli(["doctor", "--env", "prod"], env);
const failed = (run: CliRun) => run.stdout.split("\n").filter((line) => line.startsWith("✗"));

describe("doctor over JSON-2 against the emulator's demo Odoo 19", () => {
  let odoo: RunningEmulator;
  beforeAll(async () => {
    odoo = await startEmulator({ odooVersion: 19 });
  });
  afterAll(() => odoo.close());

  it("passes for the read-only integration user with its API key, naming the protocol", async () => {
    const run = await doctor(envFor(odoo.url, integration.apiKey, "json2"));
    expect(failed(run)).toEqual([]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain("✓ Odoo protocol json2: from ODOO_PROTOCOL");
    expect(run.stdout).toContain("✓ Odoo answers: Odoo 19.0");
    expect(run.stdout).toContain(`✓ login ${integration.login} on database ${DEMO.db} works`);
    for (const model of LOOKUP_MODELS) expect(run.stdout).toContain(`✓ can read ${model}`);
    expect(run.stdout).not.toContain(integration.apiKey);
  });

  it("says JSON-2 takes an API key only when the secret holds a password", async () => {
    const run = await doctor(envFor(odoo.url, integration.password, "json2"));
    expect(run.code).toBe(EXIT.checkFailed);
    expect(failed(run)).toEqual([
      expect.stringMatching(
        /^✗ login .* works: wrong login, password\/API key or database .*\(ODOO_PROTOCOL=json2 accepts an API key only, not a password\)$/,
      ),
    ]);
    expect(run.stdout).not.toContain(integration.password);
  });

  it.each(["json2", "auto"])(
    "says the database was not found when Odoo has no such database (%s)",
    async (protocol) => {
      const run = await doctor({
        ...envFor(odoo.url, integration.apiKey, protocol),
        ODOO_PROD_DB: "no_such_db",
      });
      expect(run.code).toBe(EXIT.checkFailed);
      expect(failed(run)).toEqual([
        `✗ login ${integration.login} on database no_such_db works: ODOO_SERVER_ERROR: Odoo has no database "no_such_db" (HTTP 404: "No database is selected"): check the database name`,
      ]);
    },
  );

  it("speaks JSON-2 with the lookup function's default (auto) and says why", async () => {
    const run = await doctor(envFor(odoo.url, integration.apiKey));
    expect(failed(run)).toEqual([]);
    expect(run.stdout).toContain("✓ Odoo protocol auto: ODOO_PROTOCOL is not set (the default)");
    expect(run.stdout).toContain("✓ Odoo protocol in use: json2: Odoo 19.0 serves JSON-2");
  });

  it("fails auto's fallback to XML-RPC on Odoo 19: the secret holds a password, not an API key", async () => {
    const run = await doctor(envFor(odoo.url, integration.password));
    expect(run.code).toBe(EXIT.checkFailed);
    expect(failed(run)).toEqual([
      expect.stringMatching(/^✗ Odoo protocol in use: xmlrpc: .*store an API key/),
    ]);
    expect(run.stdout).not.toContain(integration.password);
  });

  it("fails a login the API key does not belong to (JSON-2 knows the user by the key alone)", async () => {
    const run = await doctor({
      ...envFor(odoo.url, integration.apiKey),
      ODOO_PROD_USER: "someone-else@example.com",
    });
    expect(run.code).toBe(EXIT.checkFailed);
    expect(failed(run)).toEqual([
      expect.stringMatching(/^✗ login someone-else@example\.com .* no user with login/),
    ]);
  });

  it("hints that Odoo 19 needs an API key when auto's login fails", async () => {
    const run = await doctor(envFor(odoo.url, "not-the-password"));
    expect(failed(run)).toEqual([
      expect.stringMatching(
        /^✗ login .*the secret must be an API key: JSON-2 takes no password\)$/,
      ),
    ]);
  });

  it("speaks XML-RPC to Odoo 19 when told to, without complaint", async () => {
    const run = await doctor(envFor(odoo.url, integration.password, "xmlrpc"));
    expect(failed(run)).toEqual([]);
    expect(run.stdout).toContain("✓ Odoo protocol in use: xmlrpc: configured");
  });
});

describe("doctor's ODOO_PROTOCOL check", () => {
  it("says JSON-2 needs Odoo 19 when the server is older", async () => {
    const odoo = await startEmulator({ odooVersion: 17 });
    try {
      const run = await doctor(envFor(odoo.url, integration.apiKey, "json2"));
      expect(run.code).toBe(EXIT.checkFailed);
      expect(failed(run)).toEqual([
        expect.stringMatching(
          /^✗ Odoo answers: .*\(ODOO_PROTOCOL=json2 needs Odoo 19 or later; use xmlrpc for older versions\)$/,
        ),
      ]);
    } finally {
      await odoo.close();
    }
  });

  it.each(["jsonrpc", "JSON2", "json-2"])(
    "fails on %j with one clear message and asks Odoo nothing",
    async (value) => {
      // Nothing listens on .invalid: an attempt to reach Odoo would fail differently.
      const run = await doctor(envFor("https://odoo.invalid", integration.apiKey, value));
      expect(run.code).toBe(EXIT.checkFailed);
      expect(failed(run)).toEqual([
        `✗ ODOO_PROTOCOL is valid: "${value}" is not one of auto, xmlrpc, json2 (json2 needs Odoo 19+ and an API key)`,
      ]);
      expect(run.stdout).toContain("– Odoo checks: they need a valid ODOO_PROTOCOL");
    },
  );
});
