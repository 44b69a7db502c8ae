import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooClient } from "../src/index.ts";
import { type FakeOdoo, odooLike, PASSWORD, startFakeOdoo } from "./helpers/fake-odoo.ts";

// Bounds are loose on purpose: these prove "stops at the deadline, not much later, not never".
describe("deadlines and aborts", () => {
  let hanging: FakeOdoo;
  beforeAll(async () => {
    // version and authenticate answer; every model call hangs forever.
    hanging = await startFakeOdoo(odooLike({ execute: () => ({ hang: true }) }));
  });
  afterAll(() => hanging.close());

  const client = () =>
    createOdooClient({ url: hanging.url, db: "db", username: "u", password: PASSWORD });

  it("aborts a hung call at the caller's deadline with ODOO_TIMEOUT and closes its socket", async () => {
    const odoo = client();
    await odoo.authenticate(); // warm up: only the hung call is timed
    const hungBefore = hanging.abortedHangs();
    const started = Date.now();
    const deadline = started + 300;
    const error = await odoo
      .searchRead("stock.lot", [["name", "=", "SN1"]], { fields: ["name"] }, { deadline })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ code: "ODOO_TIMEOUT", retryable: false });
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(1500);
    await expect.poll(() => hanging.abortedHangs()).toBe(hungBefore + 1); // the server saw the hang-up
    odoo.close();
  });

  it("gives each attempt timeoutMs, retries the timeout, and stops after maxAttempts", async () => {
    const odoo = createOdooClient({
      url: hanging.url,
      db: "db",
      username: "u",
      password: PASSWORD,
      timeoutMs: 100,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    await odoo.authenticate();
    const before = hanging.count("search_count");
    await expect(odoo.searchCount("stock.lot", [])).rejects.toMatchObject({
      code: "ODOO_TIMEOUT",
      retryable: true,
    });
    expect(hanging.count("search_count") - before).toBe(3);
    expect(odoo.stats().retries).toBe(2);
    odoo.close();
  });

  it("stops at once with ODOO_ABORTED when the caller's signal fires", async () => {
    const odoo = client();
    await odoo.authenticate();
    const hungBefore = hanging.abortedHangs();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(
      odoo.read("res.partner", [1], ["name"], { signal: controller.signal }),
    ).rejects.toMatchObject({ code: "ODOO_ABORTED" });
    expect(Date.now() - started).toBeLessThan(1000);
    await expect.poll(() => hanging.abortedHangs()).toBe(hungBefore + 1);
    odoo.close();
  });

  it("sends nothing when the deadline has already passed", async () => {
    const odoo = client();
    await odoo.authenticate();
    const before = hanging.count();
    await expect(
      odoo.searchCount("res.partner", [], { deadline: Date.now() - 1 }),
    ).rejects.toMatchObject({ code: "ODOO_TIMEOUT" });
    expect(hanging.count()).toBe(before);
    odoo.close();
  });

  it("honours the deadline while waiting for a hung version() or authenticate()", async () => {
    const server = await startFakeOdoo(odooLike({ common: () => ({ hang: true }) }));
    const odoo = createOdooClient({ url: server.url, db: "db", username: "u", password: PASSWORD });
    const started = Date.now();
    await expect(
      odoo.searchCount("res.partner", [], { deadline: started + 200 }),
    ).rejects.toMatchObject({ code: "ODOO_TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(1500);
    odoo.close(); // frees the shared, still-hung requests
    await server.close();
  });
});
