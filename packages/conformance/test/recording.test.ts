import { createOdooClient } from "@jsm-odoo/odoo-client";
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { createSerialLookup } from "@jsm-odoo/serial-lookup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probesFor } from "../src/record/probes.ts";
import { type RecordingProxy, startRecordingProxy } from "../src/record/proxy.ts";
import { distinctExchanges, withPlaceholders } from "../src/record/recording.ts";
import { keyPlaceholder } from "../src/record/user-rights.ts";

const { integration } = DEMO.users;

describe("the recording proxy in front of an Odoo (here the emulator's Odoo 19)", () => {
  let odoo: RunningEmulator;
  let proxy: RecordingProxy;
  beforeAll(async () => {
    odoo = await startEmulator({ odooVersion: 19 });
    proxy = await startRecordingProxy(odoo.url);
  });
  afterAll(async () => {
    await proxy.close();
    await odoo.close();
  });

  it("passes a lookup through unchanged and keeps every request with its answer", async () => {
    const lookup = async (protocol: "xmlrpc" | "json2", phase = `lookup ${protocol}`) => {
      proxy.setPhase(phase);
      const client = createOdooClient({
        url: proxy.url,
        db: DEMO.db,
        username: integration.login,
        password: integration.apiKey,
        protocol,
      });
      try {
        return await createSerialLookup(client).lookup([DEMO.serials.kit]);
      } finally {
        client.close();
      }
    };
    const viaXmlRpc = await lookup("xmlrpc");
    const viaJson2 = await lookup("json2");
    expect(viaXmlRpc[0]).toMatchObject({ found: true, product_name: "Huddly L1 Kit" });
    expect(viaJson2).toEqual(viaXmlRpc);
    expect(await lookup("xmlrpc", "lookup xmlrpc again")).toEqual(viaXmlRpc);

    const recorded = proxy.exchanges();
    expect(recorded.length).toBe(odoo.requests());
    const json2 = recorded.filter((e) => e.phase === "lookup json2" && e.request.method === "POST");
    expect(
      json2.every((e) => e.request.headers.authorization === `bearer ${integration.apiKey}`),
    ).toBe(true);
    expect(json2.every((e) => e.response.status === 200)).toBe(true);
  });

  it("stores each distinct exchange once, with every phase that made it, and no key", () => {
    const secrets = new Map([[integration.apiKey, keyPlaceholder(integration.login)]]);
    const stored = withPlaceholders(distinctExchanges(proxy.exchanges()), secrets);
    expect(stored.length).toBeLessThan(proxy.exchanges().length);
    const twice = stored.filter((e) => e.phases.includes("lookup xmlrpc again"));
    expect(twice.length).toBeGreaterThan(0);
    expect(twice.every((e) => e.phases.includes("lookup xmlrpc"))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(integration.apiKey);
    expect(JSON.stringify(stored)).toContain("{{api_key:jsm-integration@example.com}}");
  });

  it("sends the probes as written: JSON-2 ones only to Odoo 19 and later", () => {
    const context = {
      db: DEMO.db,
      major: 19,
      login: integration.login,
      uid: integration.id,
      apiKey: integration.apiKey,
      otherUid: DEMO.users.admin.id,
      lotId: 1,
      productId: 1,
      archivedPartnerId: 40,
      partnerId: 10,
    };
    expect(probesFor(17).some((probe) => probe.name.startsWith("json2 "))).toBe(false);
    const json2 = probesFor(19).filter((probe) => probe.name.startsWith("json2 "));
    expect(json2.length).toBeGreaterThan(10);
    const noAuth = json2.find((probe) => probe.name === "json2 no Authorization header");
    expect(noAuth?.request(context).headers).not.toHaveProperty("authorization");
  });
});
