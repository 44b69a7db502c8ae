import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooClient, type RpcEvent } from "../src/index.ts";
import { type FakeOdoo, odooLike, PASSWORD, startFakeOdoo } from "./helpers/fake-odoo.ts";

describe("stats and the onRpc hook", () => {
  let odoo: FakeOdoo;
  beforeAll(async () => {
    odoo = await startFakeOdoo(
      odooLike({
        execute: (r) =>
          r.modelMethod === "search_count"
            ? { result: 2 }
            : { fault: { faultCode: 4, faultString: "no access" } },
      }),
    );
  });
  afterAll(() => odoo.close());

  it("counts every RPC by service, model and method, with durations", async () => {
    const events: RpcEvent[] = [];
    const client = createOdooClient({
      url: odoo.url,
      db: "db",
      username: "u",
      password: PASSWORD,
      onRpc: (e) => events.push(e),
    });
    await client.searchCount("stock.lot", []);
    await client.searchCount("stock.lot", []);
    await client.read("sale.order", [1], ["name"]).catch(() => undefined);
    const stats = client.stats();
    expect(stats).toMatchObject({ calls: 5, errors: 1, retries: 0 });
    expect(Object.keys(stats.byMethod).sort()).toEqual([
      "common/authenticate",
      "common/version",
      "object/sale.order/read",
      "object/stock.lot/search_count",
    ]);
    expect(stats.byMethod["object/stock.lot/search_count"]).toMatchObject({ calls: 2, errors: 0 });
    expect(stats.byMethod["object/sale.order/read"]).toMatchObject({ calls: 1, errors: 1 });
    expect(stats.totalMs).toBeGreaterThanOrEqual(0);
    expect(events.map((e) => `${e.method}:${e.ok}:${e.errorCode ?? ""}`)).toContain(
      "read:false:ODOO_ACCESS_DENIED",
    );
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    client.resetStats();
    expect(client.stats()).toEqual({ calls: 0, errors: 0, retries: 0, totalMs: 0, byMethod: {} });
    client.close();
  });

  it("keeps one keep-alive connection for sequential calls and frees it on close()", async () => {
    const sockets = new Set<unknown>();
    const client = createOdooClient({ url: odoo.url, db: "db", username: "u", password: PASSWORD });
    await client.authenticate(); // version() and authenticate() run side by side: 2 sockets
    const warm = new Set(odoo.requests.slice(-2).map((r) => r.socket));
    const before = odoo.requests.length;
    for (let i = 0; i < 5; i += 1) await client.searchCount("stock.lot", []);
    for (const r of odoo.requests.slice(before)) sockets.add(r.socket);
    expect(sockets.size).toBe(1);
    expect(warm.has([...sockets][0] as never)).toBe(true); // reused, not a new connection
    client.close();
    await expect.poll(() => odoo.requests.at(-1)?.socket.destroyed).toBe(true);
    await expect(client.searchCount("stock.lot", [])).rejects.toMatchObject({
      code: "ODOO_ABORTED",
    });
  });
});
