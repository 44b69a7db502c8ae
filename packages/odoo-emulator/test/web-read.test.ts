/**
 * web_read, and x2many in a specification. Every expected answer below is what a real
 * Odoo 19.0 answered for the same call on the same data (test/fixtures/real-odoo.ts); where
 * Odoo 17.0 answered differently, the test says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { admin, executeKw, json2, REAL_ODOO } from "./fixtures/real-odoo.ts";
import { jsonRpc } from "./helpers.ts";

let odoo19: RunningEmulator;
let odoo17: RunningEmulator;
beforeAll(async () => {
  [odoo19, odoo17] = await Promise.all([
    startEmulator({ odooVersion: 19, fixture: REAL_ODOO }),
    startEmulator({ odooVersion: 17, fixture: REAL_ODOO }),
  ]);
});
afterAll(() => Promise.all([odoo19.close(), odoo17.close()]));

const webSearchRead = async (
  emulator: RunningEmulator,
  model: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
) => (await executeKw(emulator.url, admin, model, "web_search_read", args, kwargs)).value;

describe("x2many in a specification", () => {
  const TEMPLATE = [["id", "=", 2]];
  const ALL = { context: { active_test: false } };
  it.each([
    ["ids, archived ones hidden", { bom_ids: {} }, {}, [1, 3]],
    ["ids, archived ones too with active_test false", { bom_ids: {} }, ALL, [1, 2, 3]],
    [
      "a field's context does not show ids the record read hid",
      { bom_ids: { fields: { code: {} }, context: { active_test: false } } },
      {},
      [
        { id: 1, code: "BOM-A" },
        { id: 3, code: "BOM-C" },
      ],
    ],
    [
      "ids past the limit come back as {id}",
      { bom_ids: { fields: { code: {} }, limit: 1 } },
      ALL,
      [{ id: 1, code: "BOM-A" }, { id: 2 }, { id: 3 }],
    ],
    [
      "limit 0 reads none",
      { bom_ids: { fields: { code: {} }, limit: 0 } },
      {},
      [{ id: 1 }, { id: 3 }],
    ],
    ["limit without fields changes nothing", { bom_ids: { limit: 1 } }, {}, [1, 3]],
    [
      "order sorts the related records",
      { bom_ids: { fields: { code: {} }, order: "code desc" } },
      ALL,
      [
        { id: 3, code: "BOM-C" },
        { id: 2, code: "BOM-B" },
        { id: 1, code: "BOM-A" },
      ],
    ],
    ["order sorts the ids without fields", { bom_ids: { order: "code desc" } }, ALL, [3, 2, 1]],
    [
      "order applies before the limit",
      { bom_ids: { fields: { code: {} }, order: "code desc", limit: 2 } },
      ALL,
      [{ id: 3, code: "BOM-C" }, { id: 2, code: "BOM-B" }, { id: 1 }],
    ],
    ["empty fields give {id}", { bom_ids: { fields: {} } }, {}, [{ id: 1 }, { id: 3 }]],
  ])("%s", async (_title, spec, kwargs, expected) => {
    for (const emulator of [odoo19, odoo17]) {
      const answer = await webSearchRead(emulator, "product.template", [TEMPLATE, spec], kwargs);
      expect(answer).toEqual({ length: 1, records: [{ id: 2, bom_ids: expected }] });
    }
  });

  it("applies a many2one's context to the x2many read below it", async () => {
    const bomA = [["code", "=", "BOM-A"]];
    const under = (context?: object) => ({
      product_tmpl_id: { fields: { bom_ids: {} }, ...(context ? { context } : {}) },
    });
    const hidden = await webSearchRead(odoo19, "mrp.bom", [bomA, under()]);
    expect(hidden).toEqual({
      length: 1,
      records: [{ id: 1, product_tmpl_id: { id: 2, bom_ids: [1, 3] } }],
    });
    const shown = await webSearchRead(odoo19, "mrp.bom", [bomA, under({ active_test: false })]);
    expect(shown).toEqual({
      length: 1,
      records: [{ id: 1, product_tmpl_id: { id: 2, bom_ids: [1, 2, 3] } }],
    });
  });

  it("searches the model itself in the call's context", async () => {
    const answer = await webSearchRead(
      odoo19,
      "mrp.bom",
      [[["product_tmpl_id", "=", 2]], { code: {}, active: {} }],
      {
        order: "code desc",
      },
    );
    expect(answer).toEqual({
      length: 2,
      records: [
        { id: 3, code: "BOM-C", active: true },
        { id: 1, code: "BOM-A", active: true },
      ],
    });
  });
});

describe("web_read (a record method)", () => {
  it("takes the records first over XML-RPC and as ids over JSON-2", async () => {
    const overXml = await executeKw(odoo19.url, admin, "stock.move.line", "web_read", [[2]], {
      specification: { reference: {} },
    });
    expect(overXml.value).toEqual([{ id: 2, reference: "WH/OUT/00001" }]);
    const overJson2 = await json2(odoo19.url, admin, "stock.move.line/web_read", {
      ids: [2],
      specification: { reference: {}, lot_id: {} },
    });
    expect(overJson2).toEqual({
      status: 200,
      body: [{ id: 2, reference: "WH/OUT/00001", lot_id: 1 }],
    });
    const noIds = await json2(odoo19.url, admin, "stock.move.line/web_read", {
      specification: { reference: {} },
    });
    expect(noIds).toEqual({ status: 200, body: [] });
  });

  it("drops deleted ids it reads, keeps them when it reads nothing, and keeps duplicates", async () => {
    const read = (ids: number[], spec: object) =>
      executeKw(odoo19.url, admin, "stock.move.line", "web_read", [ids, spec]);
    expect((await read([2, 999999], { reference: {}, lot_id: {} })).value).toEqual([
      { id: 2, reference: "WH/OUT/00001", lot_id: 1 },
    ]);
    expect((await read([999999], {})).value).toEqual([{ id: 999999 }]);
    expect((await read([999999], { id: {} })).value).toEqual([{ id: 999999 }]);
    expect((await read([2, 2], {})).value).toEqual([{ id: 2 }, { id: 2 }]);
  });
});

describe("over JSON-RPC", () => {
  it("answers in Odoo's envelope, faults included", async () => {
    const call = (specification: unknown) =>
      jsonRpc(odoo19.url, "object", "execute_kw", [
        REAL_ODOO.db,
        admin.id,
        admin.password,
        "stock.move.line",
        "web_search_read",
        [[["id", "=", 2]], specification],
      ]);
    const answer = await call({ lot_id: { fields: { name: {} } } });
    expect(answer.body.result).toEqual({
      length: 1,
      records: [{ id: 2, lot_id: { id: 1, name: "CAL-0001" } }],
    });
    const fault = await call(["reference"]);
    expect(fault.status).toBe(200);
    expect(fault.body.error).toMatchObject({
      message: "Odoo Server Error",
      data: { name: "builtins.AttributeError", message: "'list' object has no attribute 'keys'" },
    });
  });
});

describe("the methods are reads", () => {
  it("serves a user without any write right", async () => {
    const readOnly = {
      ...REAL_ODOO,
      users: [{ id: 9, login: "ro", password: "ro", api_keys: ["ro-key"], read: ["*"], write: [] }],
    };
    const emulator = await startEmulator({ odooVersion: 19, fixture: readOnly });
    try {
      const user = { id: 9, password: "ro", apiKey: "ro-key" };
      const answer = await executeKw(
        emulator.url,
        user,
        "stock.lot",
        "web_search_read",
        [[], { name: {} }],
        {
          limit: 1,
        },
      );
      expect(answer.value).toEqual({ length: 3, records: [{ id: 1, name: "CAL-0001" }] });
    } finally {
      await emulator.close();
    }
  });
});
