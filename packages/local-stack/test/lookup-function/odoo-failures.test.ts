/**
 * What happens around Odoo while the function runs: secrets rotated, Odoo refusing
 * connections, Odoo hanging past the request deadline. Real HTTP throughout.
 */

import { createContractValidator, observe } from "@jsm-odoo/lookup-function/contract";
import { DEMO } from "@jsm-odoo/odoo-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jsonToken, type LookupInstance, lookup, type Stack, startStack } from "./helpers/stack.ts";

const SECRET_TTL_MS = 100;
const DEADLINE_MS = 1500;
const contract = createContractValidator();
let stack: Stack;
let token: string;

async function ask(instance: LookupInstance) {
  const observed = await observe(
    await lookup(instance.url, token, { serial_number: DEMO.serials.kit }),
  );
  expect(contract.check("lookupSerials", observed)).toEqual([]);
  return { status: observed.status, body: JSON.parse(observed.body) };
}
const afterTtl = () => new Promise((resolve) => setTimeout(resolve, SECRET_TTL_MS + 20));
const logged = (message: string) => stack.logs.filter((line) => line.includes(message)).length;

beforeAll(async () => {
  stack = await startStack();
  token = ((await (await jsonToken(stack, "prod")).json()) as { token: string }).token;
});
afterEach(() => stack.emulator.faults.clear());
afterAll(() => stack?.close());

describe("a secret rotated while running", () => {
  it("takes a new Odoo password within the TTL, without a restart", async () => {
    const prod = await stack.startLookup("prod", { SECRET_TTL_MS: String(SECRET_TTL_MS) });
    expect((await ask(prod)).status).toBe(200);

    prod.env.ODOO_PROD_PASS = "revoked-api-key";
    await afterTtl();
    const rejected = await ask(prod);
    expect(rejected.status).toBe(502);
    expect(rejected.body.error.code).toBe("ODOO_FAILED");

    prod.env.ODOO_PROD_PASS = DEMO.users.integration.password;
    await afterTtl();
    expect((await ask(prod)).status).toBe(200);
    expect(logged("odoo credentials changed")).toBeGreaterThanOrEqual(2);
  });

  it("keeps serving with the last good values when a refresh fails", async () => {
    const prod = await stack.startLookup("prod", { SECRET_TTL_MS: String(SECRET_TTL_MS) });
    expect((await ask(prod)).status).toBe(200);
    delete prod.env.ODOO_PROD_SERVER;
    await afterTtl();
    expect((await ask(prod)).status).toBe(200);
    expect(logged("secret refresh failed")).toBeGreaterThanOrEqual(1);
  });

  it("answers 503 CONFIG_INVALID, naming the problem in the log, when odoo_prod_server is not a URL", async () => {
    const prod = await stack.startLookup("prod", { ODOO_PROD_SERVER: "odoo.example.com" });
    const { status, body } = await ask(prod);
    expect(status).toBe(503);
    expect(body.error.code).toBe("CONFIG_INVALID");
    expect(logged("url must be an absolute URL")).toBeGreaterThanOrEqual(1);
  });

  it.each(["http://odoo.example.com", "http://10.0.0.7:8069/", "http://[2001:db8::1]:8069"])(
    "refuses to send the API key to %s in clear text: 503 CONFIG_INVALID, logged once",
    async (url) => {
      const prod = await stack.startLookup("prod", { ODOO_PROD_SERVER: url });
      const before = logged("must be an https:// URL");
      for (let i = 0; i < 2; i += 1) {
        const { status, body } = await ask(prod);
        expect(status).toBe(503);
        expect(body.error.code).toBe("CONFIG_INVALID");
      }
      expect(logged("must be an https:// URL") - before).toBe(1);
    },
  );

  it("keeps the last good connection when a rotated odoo_prod_server is not a URL", async () => {
    const prod = await stack.startLookup("prod", { SECRET_TTL_MS: String(SECRET_TTL_MS) });
    expect((await ask(prod)).status).toBe(200);
    prod.env.ODOO_PROD_SERVER = "odoo.example.com";
    await afterTtl();
    expect((await ask(prod)).status).toBe(200);
    expect(logged("odoo secrets do not make a valid connection")).toBeGreaterThanOrEqual(1);
  });

  it("answers 503 when the Odoo secrets were never set", async () => {
    const prod = await stack.startLookup("prod", { ODOO_PROD_DB: "" });
    const { status, body } = await ask(prod);
    expect(status).toBe(503);
    expect(body.error.code).toBe("NOT_CONFIGURED");
  });
});

describe("Odoo down or slow", () => {
  it("answers 502 when Odoo refuses connections", async () => {
    const prod = await stack.startLookup("prod", { REQUEST_DEADLINE_MS: String(DEADLINE_MS) });
    stack.emulator.faults.inject({ kind: "refuse-connection" });
    const { status, body } = await ask(prod);
    expect(status).toBe(502);
    expect(body.message).toBe("Odoo could not be asked");
  });

  it("answers 502 when Odoo sends garbage", async () => {
    const prod = await stack.startLookup("prod", { REQUEST_DEADLINE_MS: String(DEADLINE_MS) });
    stack.emulator.faults.inject({ kind: "malformed-xml" });
    expect((await ask(prod)).status).toBe(502);
  });

  it("answers 504 within the deadline when Odoo hangs", async () => {
    const prod = await stack.startLookup("prod", { REQUEST_DEADLINE_MS: String(DEADLINE_MS) });
    expect((await ask(prod)).status).toBe(200); // connected, authenticated, fields checked
    stack.emulator.faults.inject({ kind: "hang", match: { model: "stock.move.line" } });
    const started = performance.now();
    const { status, body } = await ask(prod);
    const elapsed = performance.now() - started;
    expect(status).toBe(504);
    expect(body.error.code).toBe("DEADLINE_EXCEEDED");
    expect(elapsed).toBeGreaterThan(DEADLINE_MS - 100);
    expect(elapsed).toBeLessThan(DEADLINE_MS + 1000);
  });

  it("answers 504 when Odoo hangs on the very first call (authentication)", async () => {
    const prod = await stack.startLookup("prod", { REQUEST_DEADLINE_MS: String(DEADLINE_MS) });
    stack.emulator.faults.inject({ kind: "hang" });
    expect((await ask(prod)).status).toBe(504);
  });
});

it("logged no password, API key or token along the way", () => {
  const text = stack.logs.join("\n");
  for (const secret of [...stack.secrets(), token, "revoked-api-key"]) {
    expect(text).not.toContain(secret);
  }
});
