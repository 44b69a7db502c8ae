import { createOdooClient } from "@jsm-odoo/odoo-client";
import { DEMO, demoFixture, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, describe, expect, it } from "vitest";
import { checkApiKeyLifetime } from "../src/doctor/api-keys.ts";

const { integration } = DEMO.users;
const NOW = Date.parse("2099-12-01T00:00:00Z");

/** The demo data with the integration user's keys as given. */
function withKeys(expirations: (string | false)[]) {
  const fixture = demoFixture(19);
  fixture.records["res.users.apikeys"] = expirations.map((expiration_date, i) => ({
    id: i + 1,
    name: `key ${i + 1}`,
    user_id: integration.id,
    expiration_date,
  }));
  return fixture;
}

describe("doctor's API key lifetime check (Odoo 18+ keys expire)", () => {
  const emulators: RunningEmulator[] = [];
  afterAll(() => Promise.all(emulators.map((e) => e.close())));

  const check = async (expirations: (string | false)[], version: 17 | 19 = 19) => {
    const odoo = await startEmulator({ odooVersion: version, fixture: withKeys(expirations) });
    emulators.push(odoo);
    const client = createOdooClient({
      url: odoo.url,
      db: DEMO.db,
      username: integration.login,
      password: integration.apiKey,
    });
    try {
      return await checkApiKeyLifetime(client, integration.id, version, NOW);
    } finally {
      client.close();
    }
  };

  it("warns when every key of the user expires within 30 days, with the date", async () => {
    expect(await check(["2099-12-11 00:00:00", "2099-12-20 12:00:00"])).toEqual({
      name: "API key lifetime",
      status: "warn",
      detail:
        "every API key of the user expires by 2099-12-20 (19 days): create a new key and store it in odoo_<env>_pass before then (docs/odoo-integration-user.md)",
    });
  });

  it("passes when a key lasts longer, or never expires", async () => {
    expect(await check(["2099-12-11 00:00:00", "2100-06-01 00:00:00"])).toMatchObject({
      status: "pass",
      detail: "the user's last key to expire lasts until 2100-06-01 (182 days)",
    });
    expect(await check([false])).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("never expires"),
    });
  });

  it("does not look before Odoo 18, whose keys do not expire", async () => {
    expect(await check(["2099-12-11 00:00:00"], 17)).toMatchObject({
      status: "pass",
      detail: "API keys do not expire before Odoo 18 (this is 17)",
    });
  });
});
