import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooClient, OdooError, type ReadMethod } from "../src/index.ts";
import { READ_METHODS } from "../src/read-only.ts";
import { type FakeOdoo, odooLike, PASSWORD, startFakeOdoo } from "./helpers/fake-odoo.ts";
import { OPTIONS, spyTransport } from "./helpers/fake-transport.ts";

const REFUSED = [
  "create",
  "write",
  "unlink",
  "copy",
  "action_confirm",
  "action_done",
  "button_validate",
  "message_post",
  "_read_group_raw",
  "toString",
  "__proto__",
  "Search_Read",
  "search_read ",
  "",
];

describe("the read-only guard", () => {
  let odoo: FakeOdoo;
  beforeAll(async () => {
    odoo = await startFakeOdoo(odooLike());
  });
  afterAll(() => odoo.close());

  it.each(REFUSED)("refuses %j before a single byte goes to Odoo", async (method) => {
    const client = createOdooClient({ ...OPTIONS, url: odoo.url, password: PASSWORD });
    const before = odoo.count();
    const call = client.callRead("res.partner", method as ReadMethod, [[1], { name: "x" }]);
    await expect(call).rejects.toMatchObject({ code: "ODOO_REFUSED_METHOD", retryable: false });
    expect(odoo.count()).toBe(before); // not even version() or authenticate()
    client.close();
  });

  it("refuses through a custom transport too, which never sees the call", async () => {
    const spy = spyTransport();
    const client = createOdooClient({ ...OPTIONS, transport: spy });
    await expect(client.callRead("sale.order", "write" as ReadMethod, [[1], {}])).rejects.toThrow(
      OdooError,
    );
    expect(spy.calls).toEqual({ version: 0, authenticate: 0, executeKw: [] });
  });

  it("refuses a canAccess() operation that is not one of read/write/create/unlink", async () => {
    const spy = spyTransport();
    const client = createOdooClient({ ...OPTIONS, transport: spy });
    await expect(client.canAccess("res.partner", "drop" as "read")).rejects.toMatchObject({
      code: "ODOO_REFUSED_METHOD",
    });
    expect(spy.calls.executeKw).toHaveLength(0);
  });

  it("sends only allow-listed methods for every public read", async () => {
    const spy = spyTransport({
      execute: ({ method }) =>
        method === "search_count"
          ? 0
          : method === "fields_get"
            ? {}
            : method === "check_access_rights"
              ? true
              : [],
    });
    const client = createOdooClient({ ...OPTIONS, transport: spy });
    await client.searchRead("res.partner", [], { fields: ["name"] });
    await client.read("res.partner", [1], ["name"]);
    await client.searchCount("res.partner", []);
    await client.fieldsGet("res.partner");
    await client.canAccess("res.partner", "write");
    const sent = spy.calls.executeKw.map((c) => c.method);
    expect(sent).toEqual([
      "search_read",
      "read",
      "search_count",
      "fields_get",
      "check_access_rights",
    ]);
    for (const method of sent) expect(READ_METHODS).toContain(method);
  });
});
