import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDoctor } from "../src/run/doctor.ts";

describe("what doctor must say for each user (against the emulator's demo Odoo 19)", () => {
  let odoo: RunningEmulator;
  beforeAll(async () => {
    odoo = await startEmulator({ odooVersion: 19 });
  });
  afterAll(() => odoo.close());

  const target = (user: { login: string; apiKey: string }) => ({
    url: odoo.url,
    db: DEMO.db,
    login: user.login,
    apiKey: user.apiKey,
  });

  it("accepts the integration user, whose only warning is Odoo's own stock.move.line grant", async () => {
    const outcome = await checkDoctor(target(DEMO.users.integration), "integration", "json2");
    expect(outcome.mismatches).toEqual([]);
    expect(outcome.list.ok).toBe(true);
  });

  it("accepts an administrator as the broader user: doctor fails it on the changes it may make", async () => {
    const outcome = await checkDoctor(target(DEMO.users.admin), "broader", "xmlrpc");
    expect(outcome.mismatches).toEqual([]);
    expect(outcome.list.ok).toBe(false);
  });

  it("flags doctor passing a user that should fail, and failing one that should pass", async () => {
    const wrongRole = await checkDoctor(target(DEMO.users.integration), "broader", "xmlrpc");
    expect(wrongRole.mismatches.map((m) => m.path)).toContain("doctor");
    expect(wrongRole.mismatches.map((m) => m.path)).toContain("cannot change stock.picking");
    const admin = await checkDoctor(target(DEMO.users.admin), "integration", "xmlrpc");
    expect(admin.mismatches.map((m) => m.path)).toContain(
      "cannot change stock.lot (the user may write, create, unlink: give it a read-only group (docs/odoo-integration-user.md))",
    );
  });
});
