import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOdooClient,
  type OdooClient,
  type OdooClientOptions,
  type ReadMethod,
} from "../src/index.ts";
import { createJson2Transport } from "../src/json2-transport.ts";

// JSON-2 specifics against the emulator (real HTTP, real JSON-2); the shared behaviour (lookup
// plan queries, retries, hangs) runs in emulator.test.ts for every protocol.
const { integration, restricted } = DEMO.users;
let odoo19: RunningEmulator;
let odoo17: RunningEmulator;
const clients: OdooClient[] = [];
const connect = (emulator: RunningEmulator, overrides: Partial<OdooClientOptions> = {}) => {
  const client = createOdooClient({
    url: emulator.url,
    db: emulator.db,
    username: integration.login,
    password: integration.apiKey,
    protocol: "json2",
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 },
    ...overrides,
  });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  [odoo19, odoo17] = await Promise.all([
    startEmulator({ odooVersion: 19 }),
    startEmulator({ odooVersion: 17 }),
  ]);
});
afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([odoo19.close(), odoo17.close()]);
});

describe("the JSON-2 transport", () => {
  it("reads the version from /web/version and the uid by login", async () => {
    const odoo = connect(odoo19);
    await expect(odoo.version()).resolves.toEqual({
      version: "19.0",
      major: 19,
      info: [19, 0, 0, "final", 0, ""],
    });
    await expect(odoo.authenticate()).resolves.toBe(integration.id);
    expect((await odoo.profile()).accessCheckMethod).toBe("has_access");
  });

  it("translates positional reads into named arguments", async () => {
    const odoo = connect(odoo19);
    const [lot] = await odoo.searchRead("stock.lot", [["name", "=", DEMO.serials.plain]], {
      fields: ["name"],
      limit: 1,
      offset: 0,
      order: "id",
    });
    expect(lot).toEqual({ id: expect.any(Number), name: DEMO.serials.plain });
    await expect(odoo.read("stock.lot", [lot?.id as number], ["name"])).resolves.toEqual([lot]);
    await expect(odoo.callRead("stock.lot", "search", [[["id", "=", lot?.id]]])).resolves.toEqual([
      lot?.id,
    ]);
  });

  it.each([
    [
      "a password instead of an API key",
      { password: integration.password },
      "stock.lot",
      "ODOO_AUTH_REJECTED",
    ],
    [
      "a user without read access",
      { password: restricted.apiKey, username: restricted.login },
      "sale.order",
      "ODOO_ACCESS_DENIED",
    ],
    ["an unknown model", {}, "x_no.such.model", "ODOO_UNKNOWN_MODEL"],
  ] as const)("answers %s with %s", async (_, overrides, model, code) => {
    const odoo = connect(odoo19, overrides);
    const error = await odoo.searchCount(model, []).catch((e: unknown) => e);
    expect(error).toMatchObject({ code, retryable: false });
    expect(JSON.stringify(error)).not.toContain(integration.apiKey);
    expect(String((error as Error).stack)).not.toContain(integration.password);
  });

  it("answers an unknown field with ODOO_UNKNOWN_FIELD (Odoo's 500)", async () => {
    const odoo = connect(odoo19);
    await expect(
      odoo.searchRead("stock.lot", [["x_nope", "=", 1]], { fields: ["name"] }),
    ).rejects.toMatchObject({ code: "ODOO_UNKNOWN_FIELD", httpStatus: 500 });
  });

  it("refuses a write with zero requests", async () => {
    const odoo = connect(odoo19);
    const before = odoo19.requests();
    await expect(
      odoo.callRead("stock.lot", "write" as ReadMethod, [[1], { name: "x" }]),
    ).rejects.toMatchObject({ code: "ODOO_REFUSED_METHOD" });
    expect(odoo19.requests()).toBe(before);
  });

  it("retries a 502 and aborts a hang at the deadline", async () => {
    const odoo = connect(odoo19);
    await odoo.authenticate();
    odoo19.faults.inject({
      match: { model: "stock.lot", method: "search_read" },
      kind: "http-502",
      times: 1,
    });
    await expect(
      odoo.searchRead("stock.lot", [], { fields: ["name"], limit: 1 }),
    ).resolves.toHaveLength(1);
    expect(odoo.stats().byMethod["object/stock.lot/search_read"]?.calls).toBe(2);

    odoo19.faults.inject({ match: { method: "search_count" }, kind: "hang", times: 1 });
    const started = Date.now();
    await expect(
      odoo.searchCount("stock.lot", [], { deadline: started + 300 }),
    ).rejects.toMatchObject({ code: "ODOO_TIMEOUT", retryable: false });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("reports a refused connection as retryable ODOO_UNAVAILABLE", async () => {
    const odoo = connect(odoo19, { retry: { maxAttempts: 1 } });
    await odoo.authenticate();
    odoo19.faults.inject({
      match: { method: "search_count" },
      kind: "refuse-connection",
      times: 1,
    });
    await expect(odoo.searchCount("stock.lot", [])).rejects.toMatchObject({
      code: "ODOO_UNAVAILABLE",
      retryable: true,
    });
  });

  it("says ODOO_PROTOCOL on an Odoo without JSON-2 (17), and on a body that is not JSON", async () => {
    await expect(connect(odoo17).searchCount("stock.lot", [])).rejects.toMatchObject({
      code: "ODOO_PROTOCOL",
    });
    const odoo = connect(odoo19, { retry: { maxAttempts: 1 } });
    await odoo.authenticate();
    odoo19.faults.inject({ match: { method: "search_read" }, kind: "malformed-xml", times: 1 });
    await expect(odoo.searchRead("stock.lot", [], { fields: ["name"] })).rejects.toMatchObject({
      code: "ODOO_PROTOCOL",
    });
  });

  it("says a database the server does not have was not found (Odoo answers its HTML 404)", async () => {
    const odoo = connect(odoo19, { db: "no_such_db" });
    const failure = {
      code: "ODOO_SERVER_ERROR",
      httpStatus: 404,
      message:
        'Odoo has no database "no_such_db" (HTTP 404: "No database is selected"): check the database name',
    };
    await expect(odoo.authenticate()).rejects.toMatchObject(failure);
    await expect(odoo.searchCount("stock.lot", [])).rejects.toMatchObject(failure);
  });

  it("fails in-flight and later calls once closed", async () => {
    const transport = createJson2Transport({
      url: odoo19.url,
      db: odoo19.db,
      apiKey: integration.apiKey,
    });
    odoo19.faults.inject({ match: { method: "search_count" }, kind: "hang", times: 1 });
    const call = { signal: new AbortController().signal };
    const pending = transport.executeKw(
      { uid: 0, model: "stock.lot", method: "search_count", args: [[]], kwargs: {} },
      call,
    );
    transport.close();
    await expect(pending).rejects.toMatchObject({ code: "ODOO_ABORTED" });
    await expect(transport.version(call)).rejects.toMatchObject({ code: "ODOO_ABORTED" });
  });

  it("refuses a URL with credentials for JSON-2, without repeating them", () => {
    const create = () =>
      createOdooClient({
        url: "https://proxy-user:proxy-secret@odoo.example.com",
        db: "db",
        username: "u",
        password: "secret-key",
        protocol: "json2",
      });
    expect(create).toThrow(/url must not carry credentials \(user:password@\) with protocol json2/);
    expect(create).not.toThrow(/proxy-secret/);
  });

  it("rejects an unknown protocol option by name", () => {
    expect(() =>
      createOdooClient({
        url: odoo19.url,
        db: odoo19.db,
        username: "u",
        password: "secret-key",
        protocol: "soap" as "json2",
      }),
    ).toThrow(/protocol must be one of auto, xmlrpc, json2/);
  });
});
