import { afterAll, describe, expect, it } from "vitest";
import { createOdooClient } from "../src/index.ts";
import { type FakeOdoo, odooLike, PASSWORD, startFakeOdoo } from "./helpers/fake-odoo.ts";

const servers: FakeOdoo[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function server(options: Parameters<typeof odooLike>[0] = {}) {
  const started = await startFakeOdoo(odooLike(options));
  servers.push(started);
  return started;
}

const fast = { timeoutMs: 2_000, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } };

describe("one authentication per client", () => {
  it("10 concurrent first calls share exactly one authenticate (and one version) request", async () => {
    const odoo = await server({
      uid: 7,
      execute: (r) => ({ result: r.modelMethod === "read" ? [{ id: 1, name: "Azure" }] : 1 }),
    });
    const client = createOdooClient({ url: odoo.url, db: "db", username: "u", password: PASSWORD });
    const counts = await Promise.all(
      Array.from({ length: 10 }, () => client.searchCount("res.partner", [])),
    );
    expect(counts).toEqual(Array(10).fill(1));
    expect(odoo.count("authenticate")).toBe(1);
    expect(odoo.count("version")).toBe(1);
    expect(odoo.count("search_count")).toBe(10);
    // and later calls reuse the uid
    await client.read("res.partner", [1], ["name"]);
    expect(odoo.count("authenticate")).toBe(1);
    expect(odoo.requests.at(-1)?.params[1]).toBe(7);
    client.close();
  });

  it("rejects with ODOO_AUTH_REJECTED when authenticate answers false, and does not ask again soon", async () => {
    const odoo = await server();
    const client = createOdooClient({
      url: odoo.url,
      db: "db",
      username: "u",
      password: "wrong-password",
      ...fast,
    });
    await expect(client.searchCount("res.partner", [])).rejects.toMatchObject({
      code: "ODOO_AUTH_REJECTED",
      retryable: false,
    });
    await expect(client.authenticate()).rejects.toMatchObject({ code: "ODOO_AUTH_REJECTED" });
    // Odoo locks an IP out after repeated failed logins: one attempt, not one per call.
    expect(odoo.count("authenticate")).toBe(1);
    expect(odoo.count("search_count")).toBe(0);
    client.close();
  });

  it("asks again once the hold after a rejection is over", async () => {
    const odoo = await server();
    const client = createOdooClient({
      url: odoo.url,
      db: "db",
      username: "u",
      password: "wrong-password",
      authFailureHoldMs: 0,
    });
    await expect(client.authenticate()).rejects.toMatchObject({ code: "ODOO_AUTH_REJECTED" });
    await expect(client.authenticate()).rejects.toMatchObject({ code: "ODOO_AUTH_REJECTED" });
    expect(odoo.count("authenticate")).toBe(2);
    client.close();
  });

  it("maps a later execute_kw Access Denied (password rotated) to ODOO_AUTH_REJECTED, not retried", async () => {
    const odoo = await server({
      execute: () => ({ fault: { faultCode: 3, faultString: "Access Denied" } }),
    });
    const client = createOdooClient({
      url: odoo.url,
      db: "db",
      username: "u",
      password: PASSWORD,
      ...fast,
    });
    await expect(client.searchCount("res.partner", [])).rejects.toMatchObject({
      code: "ODOO_AUTH_REJECTED",
      faultCode: 3,
      faultString: "Access Denied",
    });
    expect(odoo.count("search_count")).toBe(1);
    client.close();
  });

  it("retries a transient failure of authenticate (not a failed login) and shares the result", async () => {
    let failures = 1;
    const odoo = await server({
      common: (r) =>
        r.method === "authenticate" && failures-- > 0 ? { status: 503, body: "busy" } : undefined,
      execute: () => ({ result: 3 }),
    });
    const client = createOdooClient({
      url: odoo.url,
      db: "db",
      username: "u",
      password: PASSWORD,
      ...fast,
    });
    const results = await Promise.all([1, 2, 3].map(() => client.searchCount("res.partner", [])));
    expect(results).toEqual([3, 3, 3]);
    expect(odoo.count("authenticate")).toBe(2);
    client.close();
  });

  it("forgets a failed shared authentication so a later call can succeed", async () => {
    let down = true;
    const odoo = await server({
      common: (r) => (r.method === "authenticate" && down ? { status: 502, body: "" } : undefined),
    });
    const client = createOdooClient({
      url: odoo.url,
      db: "db",
      username: "u",
      password: PASSWORD,
      ...fast,
    });
    await expect(client.authenticate()).rejects.toMatchObject({ code: "ODOO_UNAVAILABLE" });
    down = false;
    await expect(client.authenticate()).resolves.toBe(2);
    client.close();
  });
});
