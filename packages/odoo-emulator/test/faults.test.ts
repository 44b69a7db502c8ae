import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, type RunningEmulator, startEmulator } from "../src/index.ts";
import { integration, jsonRpc, xmlCall } from "./helpers.ts";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const { restricted } = DEMO.users;

describe("Odoo faults over XML-RPC", () => {
  it.each([
    [
      "a bad password on object is fault 3 Access Denied",
      [integration.id, "wrong"],
      "res.partner",
      "search",
      [[]],
      3,
      /^Access Denied$/,
    ],
    [
      "an unknown uid is fault 2: Odoo reads the user to check the secret",
      [999, integration.password],
      "res.partner",
      "search",
      [[]],
      2,
      /^Record does not exist or has been deleted\.\n\(Record: res\.users\(999,\), User: 999\)$/,
    ],
    [
      "another user's uid with a valid secret is fault 3",
      [DEMO.users.admin.id, integration.password],
      "res.partner",
      "search",
      [[]],
      3,
      /^Access Denied$/,
    ],
    [
      "an unknown model is fault 2",
      [integration.id, integration.password],
      "x.nothing",
      "search",
      [[]],
      2,
      /^Object x\.nothing doesn't exist$/,
    ],
    [
      "an unknown field in a domain is fault 1 with a traceback",
      [integration.id, integration.password],
      "stock.picking",
      "search",
      [[["nope.name", "=", 1]]],
      1,
      /Traceback[\s\S]*\nValueError: Invalid field stock\.picking\.nope in leaf \('nope\.name', '=', 1\)\n$/,
    ],
    [
      "an unknown field in read() is fault 1",
      [integration.id, integration.password],
      "res.partner",
      "read",
      [[10], ["name", "nope"]],
      1,
      /ValueError: Invalid field 'nope' on model 'res.partner'/,
    ],
    [
      "a write by the read-only user is fault 4",
      [integration.id, integration.apiKey],
      "res.partner",
      "write",
      [[10], { name: "x" }],
      4,
      /^You are not allowed to modify 'Contact' \(res\.partner\) records\./,
    ],
    [
      "a create by the read-only user is fault 4",
      [integration.id, integration.password],
      "sale.order",
      "create",
      [{}],
      4,
      /^You are not allowed to create 'Sales Order'/,
    ],
    [
      "reading a model outside the user's rights is fault 4",
      [restricted.id, restricted.password],
      "sale.order",
      "search_read",
      [[]],
      4,
      /^You are not allowed to access 'Sales Order' \(sale\.order\) records\./,
    ],
    [
      "a domain path into a model outside the user's rights is fault 4",
      [restricted.id, restricted.password],
      "stock.lot",
      "search",
      [[["product_id.product_tmpl_id.bom_ids.code", "=", "x"]]],
      4,
      /not allowed to access 'Bill of Material'/,
    ],
    [
      "a private method is fault 4",
      [integration.id, integration.password],
      "res.partner",
      "_read",
      [[10]],
      4,
      /^Private methods \(such as _read\) cannot be called remotely\.$/,
    ],
    [
      "an unknown method is fault 1",
      [integration.id, integration.password],
      "res.partner",
      "frobnicate",
      [[]],
      1,
      /AttributeError: type object 'res\.partner' has no attribute 'frobnicate'/,
    ],
    [
      "search(count=...) is gone since 17: fault 1 TypeError",
      [integration.id, integration.password],
      "res.partner",
      "search",
      [[], 0, 1, "id", true],
      1,
      /TypeError: BaseModel\.search\(\) takes from 1 to 5 positional arguments but 6 were given/,
    ],
  ])("%s", async (_title, [uid, secret], model, method, args, code, pattern) => {
    const { fault, value } = await xmlCall(emulator.url, "object", "execute_kw", [
      DEMO.db,
      uid,
      secret,
      model,
      method,
      args,
    ]);
    expect(value).toBeUndefined();
    expect(fault?.faultCode).toBe(code);
    expect(fault?.faultString).toMatch(pattern);
  });

  it("lets a writer through the rights check but still does not write (fault 2)", async () => {
    const { admin } = DEMO.users;
    const { fault } = await xmlCall(emulator.url, "object", "execute_kw", [
      DEMO.db,
      admin.id,
      admin.apiKey,
      "res.partner",
      "unlink",
      [[10]],
    ]);
    expect(fault).toEqual({
      faultCode: 2,
      faultString: "odoo-emulator does not emulate writes (res.partner.unlink).",
    });
  });

  it("answers authenticate with false for bad credentials and the uid for a password or an API key", async () => {
    const auth = (secret: string) =>
      xmlCall(emulator.url, "common", "authenticate", [DEMO.db, integration.login, secret, {}]);
    expect((await auth("wrong")).value).toBe(false);
    expect((await auth(integration.password)).value).toBe(integration.id);
    expect((await auth(integration.apiKey)).value).toBe(integration.id);
  });

  it("answers check_access_rights truthfully per user", async () => {
    const check = (operation: string, raise: boolean) =>
      xmlCall(emulator.url, "object", "execute_kw", [
        DEMO.db,
        integration.id,
        integration.password,
        "sale.order",
        "check_access_rights",
        [operation],
        { raise_exception: raise },
      ]);
    expect((await check("read", false)).value).toBe(true);
    expect((await check("write", false)).value).toBe(false);
    expect((await check("unlink", true)).fault?.faultCode).toBe(4);
  });
});

describe("JSON-RPC envelope", () => {
  it("wraps results as {jsonrpc, id, result}", async () => {
    const { status, body } = await jsonRpc(emulator.url, "common", "version", []);
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 7,
      result: {
        server_version: "17.0",
        server_version_info: [17, 0, 0, "final", 0, ""],
        server_serie: "17.0",
        protocol_version: 1,
      },
    });
  });

  it.each([
    [
      "AccessDenied",
      [integration.id, "wrong", "res.partner", "search", [[]]],
      "odoo.exceptions.AccessDenied",
      "Access Denied",
    ],
    [
      "AccessError",
      [integration.id, integration.password, "res.partner", "unlink", [[1]]],
      "odoo.exceptions.AccessError",
      "You are not allowed to delete 'Contact' (res.partner) records.",
    ],
    [
      "UserError",
      [integration.id, integration.password, "no.model", "search", [[]]],
      "odoo.exceptions.UserError",
      "Object no.model doesn't exist",
    ],
    [
      "ValueError",
      [integration.id, integration.password, "res.partner", "search", [[["x", "=", 1]]]],
      "builtins.ValueError",
      "Invalid field res.partner.x in leaf ('x', '=', 1)",
    ],
  ])("sends %s with HTTP 200 in Odoo's error envelope", async (_name, args, name, message) => {
    const { status, body } = await jsonRpc(emulator.url, "object", "execute_kw", [
      DEMO.db,
      ...args,
    ]);
    expect(status).toBe(200);
    expect(body.result).toBeUndefined();
    expect(body).toMatchObject({
      jsonrpc: "2.0",
      id: 7,
      error: {
        code: 200,
        message: "Odoo Server Error",
        data: { name, arguments: [expect.stringContaining(message)], context: {} },
      },
    });
    const data = (body.error as { data: { message: string; debug: string } }).data;
    expect(data.message.startsWith(message)).toBe(true);
    expect(data.debug).toMatch(/^Traceback \(most recent call last\):/);
  });

  it("answers a body that is not JSON with HTTP 400 and the envelope", async () => {
    const response = await fetch(`${emulator.url}/jsonrpc`, {
      method: "POST",
      body: "{nope",
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 200, data: { name: "werkzeug.exceptions.BadRequest" } },
    });
  });
});
