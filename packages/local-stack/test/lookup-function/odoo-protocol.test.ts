/**
 * ODOO_PROTOCOL: the lookup function reads Odoo 19 through JSON-2 (XML-RPC is deprecated there and
 * announced for removal in Odoo 22), with the same answers as over XML-RPC; `auto`, the default,
 * picks by asking the server.
 */
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonToken, lookup, type Stack, startStack } from "./helpers/stack.ts";

let stack: Stack;
let odoo19: RunningEmulator;

beforeAll(async () => {
  stack = await startStack();
  odoo19 = await startEmulator({ odooVersion: 19 });
});

afterAll(async () => {
  await odoo19?.close();
  await stack?.close();
});

async function prodToken(): Promise<string> {
  return ((await (await jsonToken(stack, "prod")).json()) as { token: string }).token;
}

describe("a lookup function configured with ODOO_PROTOCOL=json2", () => {
  it("answers from Odoo 19 over JSON-2 exactly as over XML-RPC", async () => {
    const odoo = { ODOO_PROD_SERVER: odoo19.url, ODOO_PROD_DB: odoo19.db };
    const json2 = await stack.startLookup("prod", { ...odoo, ODOO_PROTOCOL: "json2" });
    const xmlrpc = await stack.startLookup("prod", { ...odoo, ODOO_PROTOCOL: "xmlrpc" });
    const token = await prodToken();
    const body = { serial_number: DEMO.serials.kit };
    const viaJson2 = await lookup(json2.url, token, body);
    expect(viaJson2.status).toBe(200);
    const viaXmlRpc = await lookup(xmlrpc.url, token, body);
    expect(await viaJson2.json()).toEqual(await viaXmlRpc.json());
    const requestsBefore = odoo19.requests();
    await lookup(json2.url, token, body);
    expect(odoo19.requests()).toBeGreaterThan(requestsBefore);
  });

  it("answers 502 when the secret holds a password instead of an API key (JSON-2 takes keys only)", async () => {
    const json2 = await stack.startLookup("prod", {
      ODOO_PROD_SERVER: odoo19.url,
      ODOO_PROD_DB: odoo19.db,
      ODOO_PROD_PASS: DEMO.users.integration.password,
      ODOO_PROTOCOL: "json2",
    });
    const response = await lookup(json2.url, await prodToken(), {
      serial_number: DEMO.serials.kit,
    });
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ODOO_FAILED");
  });
});

describe("a lookup function with the default ODOO_PROTOCOL (auto)", () => {
  const chosen = () =>
    stack.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.message === "odoo protocol chosen");

  it("speaks JSON-2 to Odoo 19 and logs the choice once", async () => {
    const before = chosen().length;
    const auto = await stack.startLookup("prod", {
      ODOO_PROD_SERVER: odoo19.url,
      ODOO_PROD_DB: odoo19.db,
    });
    const token = await prodToken();
    for (const serial of [DEMO.serials.kit, DEMO.serials.plain]) {
      expect((await lookup(auto.url, token, { serial_number: serial })).status).toBe(200);
    }
    expect(chosen().slice(before)).toEqual([
      expect.objectContaining({ protocol: "json2", requested: "auto", serverVersion: "19.0" }),
    ]);
  });

  it("speaks XML-RPC to Odoo 17 and logs why", async () => {
    const before = chosen().length;
    const auto = await stack.startLookup("prod");
    const response = await lookup(auto.url, await prodToken(), { serial_number: DEMO.serials.kit });
    expect(response.status).toBe(200);
    const [choice, ...more] = chosen().slice(before);
    expect(more).toEqual([]);
    expect(choice).toMatchObject({ protocol: "xmlrpc", requested: "auto" });
    expect(String(choice?.reason)).toContain("Odoo 17.0 predates JSON-2");
  });
});
