import { once } from "node:events";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooClient } from "../src/index.ts";

// What the JSON-2 transport puts on the wire, seen by a plain local HTTP server.
const KEY = "json2-wire-test-key-5f1c";
const seen: Array<{ path: string; headers: http.IncomingHttpHeaders; body: string }> = [];
const sockets = new Set<Socket>();
let hangUps = 0;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ path: req.url ?? "", headers: req.headers, body });
    const reply = (value: unknown) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (req.url === "/web/version")
      return reply({ version_info: [19, 0, 0, "final", 0, ""], version: "19.0" });
    if (req.url === "/json/2/res.users/search") return reply([7]);
    if (req.url === "/json/2/stock.lot/search_count") return reply(3);
    if (req.url === "/json/2/stock.lot/search_read") {
      res.on("close", () => {
        hangUps += 1;
      });
      return; // hang
    }
    res.writeHead(404).end();
  });
  server.on("connection", (socket) => sockets.add(socket));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

describe("the JSON-2 wire", () => {
  it("sends the key as a bearer token, the database header and named arguments, over kept-alive connections", async () => {
    const odoo = createOdooClient({
      url,
      db: "prod_db",
      username: "bot",
      password: KEY,
      protocol: "json2",
    });
    const before = sockets.size;
    await expect(odoo.authenticate()).resolves.toBe(7);
    for (let i = 0; i < 6; i += 1)
      await expect(odoo.searchCount("stock.lot", [["name", "=", "A"]])).resolves.toBe(3);
    // 8 sequential requests. undici hands the next request to a second pooled connection when the
    // first is not yet marked idle in the same tick, so "kept alive" is at most 2, not 8.
    expect(sockets.size - before).toBeLessThanOrEqual(2);
    const count = seen.find((request) => request.path === "/json/2/stock.lot/search_count");
    expect(count?.headers).toMatchObject({
      authorization: `bearer ${KEY}`,
      "x-odoo-database": "prod_db",
      "content-type": "application/json; charset=utf-8",
    });
    expect(JSON.parse(count?.body ?? "")).toEqual({ domain: [["name", "=", "A"]] });
    const users = seen.find((request) => request.path === "/json/2/res.users/search");
    expect(JSON.parse(users?.body ?? "")).toMatchObject({
      domain: [["login", "=", "bot"]],
      limit: 1,
    });
    odoo.close();
  });

  it("really aborts a hung request at the deadline: the server sees the hang-up", async () => {
    const odoo = createOdooClient({
      url,
      db: "prod_db",
      username: "bot",
      password: KEY,
      protocol: "json2",
    });
    await odoo.authenticate();
    const before = hangUps;
    await expect(
      odoo.searchRead("stock.lot", [], { fields: ["name"] }, { deadline: Date.now() + 200 }),
    ).rejects.toMatchObject({ code: "ODOO_TIMEOUT" });
    await expect.poll(() => hangUps).toBe(before + 1);
    odoo.close();
  });
});
