import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, type RunningEmulator, startEmulator } from "../src/index.ts";

const { integration, restricted } = DEMO.users;
let odoo19: RunningEmulator;
let odoo17: RunningEmulator;
beforeAll(async () => {
  [odoo19, odoo17] = await Promise.all([
    startEmulator({ odooVersion: 19 }),
    startEmulator({ odooVersion: 17 }),
  ]);
});
afterAll(() => Promise.all([odoo19.close(), odoo17.close()]));

const json2 = async (
  emulator: RunningEmulator,
  target: string,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  const response = await fetch(`${emulator.url}/json/2/${target}`, {
    method: "POST",
    headers: {
      Authorization: `bearer ${integration.apiKey}`,
      "Content-Type": "application/json",
      "X-Odoo-Database": emulator.db,
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text,
    json: text.startsWith("<") ? undefined : (JSON.parse(text) as unknown),
  };
};

describe("JSON-2 on the Odoo 19 profile", () => {
  it("answers search_read with named arguments as a bare JSON result", async () => {
    const answer = await json2(odoo19, "stock.lot/search_read", {
      domain: [["name", "=", DEMO.serials.plain]],
      fields: ["name", "product_id"],
      limit: 1,
      context: { active_test: false },
    });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe("application/json; charset=utf-8");
    expect(answer.json).toEqual([
      {
        id: expect.any(Number),
        name: DEMO.serials.plain,
        product_id: [expect.any(Number), expect.any(String)],
      },
    ]);
  });

  it("reads the records given as ids, and counts, and checks access", async () => {
    const read = await json2(odoo19, "sale.order.line/read", { ids: [1], fields: ["price_unit"] });
    expect(read.json).toEqual([{ id: 1, price_unit: 14990 }]);
    const count = await json2(odoo19, "stock.lot/search_count", { domain: [] });
    expect(count.json).toEqual(expect.any(Number));
    const access = await json2(odoo19, "sale.order/has_access", { operation: "write" });
    expect(access).toMatchObject({ status: 200, json: false });
    const fields = await json2(odoo19, "stock.lot/fields_get", { attributes: ["type"] });
    expect(fields.json).toMatchObject({ name: { type: "char" } });
  });

  it("answers GET /web/version without a key", async () => {
    const response = await fetch(`${odoo19.url}/web/version`);
    expect(await response.json()).toEqual({
      version_info: [19, 0, 0, "final", 0, ""],
      version: "19.0",
    });
  });

  it.each([
    [
      "a password instead of an API key",
      { Authorization: `bearer ${integration.password}` },
      "stock.lot/search_count",
      { domain: [] },
      401,
      "werkzeug.exceptions.Unauthorized",
    ],
    [
      "no Authorization header",
      { Authorization: "" },
      "stock.lot/search_count",
      {},
      401,
      "werkzeug.exceptions.Unauthorized",
    ],
    [
      "a model the user may not read",
      { Authorization: `bearer ${restricted.apiKey}` },
      "sale.order/search_read",
      { domain: [], fields: ["name"] },
      403,
      "odoo.exceptions.AccessError",
    ],
    [
      "an unknown model",
      {},
      "x.nothing/search_read",
      { domain: [] },
      404,
      "werkzeug.exceptions.NotFound",
    ],
    ["an unknown method", {}, "stock.lot/frobnicate", {}, 404, "werkzeug.exceptions.NotFound"],
    ["a private method", {}, "stock.lot/_read", {}, 403, "odoo.exceptions.AccessError"],
    [
      "an argument the method does not take",
      {},
      "stock.lot/search_count",
      { domain: [], fields: ["name"] },
      422,
      "werkzeug.exceptions.UnprocessableEntity",
    ],
    [
      "a write by a read-only user",
      {},
      "stock.lot/write",
      { ids: [1], vals: { name: "x" } },
      403,
      "odoo.exceptions.AccessError",
    ],
    [
      "an unknown field",
      {},
      "stock.lot/search_read",
      { domain: [["nope", "=", 1]], fields: ["name"] },
      500,
      "builtins.ValueError",
    ],
    [
      "a body that is not JSON",
      {},
      "stock.lot/search_count",
      "{domain",
      400,
      "werkzeug.exceptions.BadRequest",
    ],
  ])(
    "refuses %s with the error object and its status",
    async (_, headers, target, body, status, name) => {
      const answer = await json2(odoo19, target, body, headers);
      expect(answer.status).toBe(status);
      expect(answer.json).toMatchObject({
        name,
        message: expect.any(String),
        arguments: expect.any(Array),
        context: {},
        debug: expect.any(String),
      });
      expect(answer.text).not.toContain(integration.password);
    },
  );

  it("names the invalid field in a 500's message, as Odoo 19 words it", async () => {
    const inDomain = await json2(odoo19, "stock.lot/search_read", { domain: [["nope", "=", 1]] });
    expect(inDomain.json).toMatchObject({
      message: "Invalid field stock.lot.nope in condition ('nope', '=', 1)",
      arguments: ["Invalid field stock.lot.nope in condition ('nope', '=', 1)"],
    });
    const inFields = await json2(odoo19, "stock.lot/search_read", { domain: [], fields: ["nope"] });
    expect(inFields.json).toMatchObject({ message: "Invalid field 'nope' on 'stock.lot'" });
  });

  it.each([
    [
      { Authorization: "" },
      "User not authenticated, use an API Key with a Bearer Authorization header.",
    ],
    [{ Authorization: "bearer not-a-key" }, "Invalid apikey"],
  ])(
    "says why a request is unauthenticated (%o), with the status in its arguments",
    async (headers, message) => {
      const answer = await json2(odoo19, "stock.lot/search_count", { domain: [] }, headers);
      expect(answer).toMatchObject({
        status: 401,
        json: { name: "werkzeug.exceptions.Unauthorized", message, arguments: [message, 401] },
      });
    },
  );

  it("answers the binding errors as inspect.Signature.bind words them (422)", async () => {
    const unexpected = await json2(odoo19, "stock.lot/search_count", { domain: [], nope: 1 });
    expect(unexpected.json).toMatchObject({ message: "got an unexpected keyword argument 'nope'" });
    // A body that is not an object gives no arguments at all (Json2Dispatcher's `body | args`).
    const list = await json2(odoo19, "stock.lot/search_count", [[]]);
    expect(list).toMatchObject({
      status: 422,
      json: {
        message: "missing a required argument: 'domain'",
        arguments: ["missing a required argument: 'domain'", 422],
      },
    });
  });

  it("answers an unknown search_read keyword as the 500 TypeError of _read_format", async () => {
    const answer = await json2(odoo19, "stock.lot/search_read", { domain: [], nope: 1 });
    expect(answer).toMatchObject({
      status: 500,
      json: {
        name: "builtins.TypeError",
        message: "BaseModel._read_format() got an unexpected keyword argument 'nope'",
      },
    });
  });

  it("names a private method with its model, as a 403 AccessError", async () => {
    const answer = await json2(odoo19, "stock.lot/_read", {});
    expect(answer.json).toMatchObject({
      message: "Private methods (such as 'stock.lot._read') cannot be called remotely.",
    });
  });

  it.each([
    ["another database", "POST", { "X-Odoo-Database": "other" }],
    ["GET on a model's route", "GET", {}],
  ])("answers %s with Odoo's no-database HTML page", async (_, method, headers) => {
    const response = await fetch(`${odoo19.url}/json/2/stock.lot/search_count`, {
      method,
      headers: { Authorization: `bearer ${integration.apiKey}`, ...headers },
      ...(method === "POST" ? { body: "{}" } : {}),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain(
      "No database is selected and the requested URL was not found in the server-wide controllers.",
    );
  });

  it("applies fault injection and latency to JSON-2 calls", async () => {
    odoo19.faults.inject({
      match: { model: "stock.lot", method: "search_count" },
      kind: "http-502",
      times: 1,
    });
    expect((await json2(odoo19, "stock.lot/search_count", { domain: [] })).status).toBe(502);
    expect((await json2(odoo19, "stock.lot/search_count", { domain: [] })).status).toBe(200);
    odoo19.setLatency(60);
    const started = performance.now();
    await json2(odoo19, "stock.lot/search_count", { domain: [] });
    odoo19.setLatency(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it.each([
    ["POST", "/json/2/stock.lot"],
    ["POST", "/json/2"],
  ])("answers %s %s with a JSON 404 pointing at the route", async (method, path) => {
    const response = await fetch(`${odoo19.url}${path}`, { method });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      name: "werkzeug.exceptions.NotFound",
      message: "Did you mean POST /json/2/<model>/<method>?",
    });
  });
});

describe("JSON-2 on older profiles", () => {
  it("has no route, like a real Odoo 17", async () => {
    const answer = await json2(odoo17, "stock.lot/search_count", { domain: [] });
    expect(answer.status).toBe(404);
    expect(answer.contentType).toContain("text/html");
    expect((await fetch(`${odoo17.url}/web/version`)).status).toBe(404);
  });
});
