/**
 * web_search_read / web_read with a specification. Every expected answer below is what a real
 * Odoo 19.0 answered for the same call on the same data (test/fixtures/real-odoo.ts); where
 * Odoo 17.0 answered differently, the test says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { admin, executeKw, json2, REAL_ODOO } from "./fixtures/real-odoo.ts";

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

/** The serial's delivery: the lookup's question, as the dotted domain finds it. */
const DELIVERED_CAL_0001 = [
  ["lot_id.name", "=ilike", "CAL-0001"],
  ["location_dest_id.usage", "=", "customer"],
];
const LOOKUP_SPEC = {
  reference: {},
  state: {},
  date: {},
  product_id: {},
  lot_id: {
    fields: { name: {}, product_id: { fields: { display_name: {}, default_code: {} } } },
  },
  picking_id: { fields: { name: {}, partner_id: { fields: { display_name: {} } } } },
  location_dest_id: { fields: { display_name: {}, usage: {} } },
  move_id: {
    fields: {
      sale_line_id: {
        fields: {
          name: {},
          order_id: {
            fields: {
              name: {},
              state: {},
              partner_shipping_id: {
                fields: {
                  name: {},
                  country_id: { fields: { display_name: {} } },
                  parent_id: { fields: { display_name: {} } },
                },
              },
              order_line: { fields: { name: {}, product_uom_qty: {} } },
            },
          },
        },
      },
    },
  },
};
const LOOKUP_ANSWER = {
  length: 1,
  records: [
    {
      id: 2,
      reference: "WH/OUT/00001",
      state: "done",
      date: "2026-12-04 12:41:37",
      product_id: 2,
      lot_id: {
        id: 1,
        name: "CAL-0001",
        product_id: {
          id: 2,
          default_code: "CAL-CAM",
          display_name: "[CAL-CAM] Calibration Camera",
        },
      },
      picking_id: {
        id: 1,
        name: "WH/OUT/00001",
        partner_id: { id: 7, display_name: "Calibration Kunde AS, Calibration Lager" },
      },
      location_dest_id: { id: 2, usage: "customer", display_name: "Customers" },
      move_id: {
        id: 2,
        sale_line_id: {
          id: 1,
          name: "[CAL-CAM] Calibration Camera",
          order_id: {
            id: 1,
            name: "S00001",
            state: "sale",
            partner_shipping_id: {
              id: 7,
              name: "Calibration Lager",
              country_id: { id: 166, display_name: "Norway" },
              parent_id: { id: 6, display_name: "Calibration Kunde AS" },
            },
            order_line: [{ id: 1, name: "[CAL-CAM] Calibration Camera", product_uom_qty: 1 }],
          },
        },
      },
    },
  ],
};

describe("web_search_read with a specification (Odoo 17+)", () => {
  it("answers a whole lookup in one request over XML-RPC, in Odoo's key order", async () => {
    const answer = await webSearchRead(odoo19, "stock.move.line", [
      DELIVERED_CAL_0001,
      LOOKUP_SPEC,
    ]);
    expect(answer).toEqual(LOOKUP_ANSWER);
    // Odoo sends the id first, the fields in the specification's order, display_name last.
    expect(JSON.stringify(answer)).toBe(JSON.stringify(LOOKUP_ANSWER));
  });

  it("answers the same over JSON-2, and finds orders through dotted x2many paths", async () => {
    const lookup = await json2(odoo19.url, admin, "stock.move.line/web_search_read", {
      domain: DELIVERED_CAL_0001,
      specification: LOOKUP_SPEC,
    });
    expect(lookup).toEqual({ status: 200, body: LOOKUP_ANSWER });
    const orders = await json2(odoo19.url, admin, "sale.order/web_search_read", {
      domain: [["picking_ids.move_line_ids.lot_id.name", "=ilike", "cal-0002"]],
      specification: { name: {}, partner_shipping_id: { fields: { display_name: {} } } },
    });
    expect(orders.body).toEqual({
      length: 1,
      records: [
        {
          id: 2,
          name: "S00002",
          partner_shipping_id: { id: 7, display_name: "Calibration Kunde AS, Calibration Lager" },
        },
      ],
    });
  });

  it("orders and limits with an escaped =ilike pattern", async () => {
    const answer = await webSearchRead(
      odoo19,
      "stock.move.line",
      [
        [
          ["lot_id.name", "=ilike", "CAL-000_"],
          ["location_dest_id.usage", "=", "customer"],
        ],
        { lot_id: { fields: { name: {} } } },
      ],
      { order: "id desc", limit: 2 },
    );
    expect(answer).toEqual({
      length: 3,
      records: [
        { id: 6, lot_id: { id: 3, name: "CAL-0003" } },
        { id: 4, lot_id: { id: 2, name: "CAL-0002" } },
      ],
    });
  });

  const EVERY_CAL_LINE = [["lot_id.name", "=ilike", "CAL-%"]];
  const UPDATED = "Product Quantity Updated (Administrator)";
  it.each([
    [
      "a full page counts the rest",
      { limit: 1 },
      { length: 6, records: [{ id: 1, reference: UPDATED }] },
    ],
    [
      "count_limit already reached: no count",
      { limit: 1, count_limit: 1 },
      { length: 1, records: [{ id: 1, reference: UPDATED }] },
    ],
    [
      "the count stops at count_limit",
      { limit: 2, count_limit: 3 },
      {
        length: 3,
        records: [
          { id: 1, reference: UPDATED },
          { id: 2, reference: "WH/OUT/00001" },
        ],
      },
    ],
  ])("length: %s", async (_title, kwargs, expected) => {
    const answer = await webSearchRead(
      odoo19,
      "stock.move.line",
      [EVERY_CAL_LINE, { reference: {} }],
      kwargs,
    );
    expect(answer).toEqual(expected);
  });

  it.each([
    ["without a limit, the records and the offset", { offset: 2 }, 6, [3, 4, 5, 6]],
    ["past the end, zero", { offset: 10, limit: 2 }, 0, []],
    ["a page that is not full, no count", { limit: 100, order: "id desc" }, 6, [6, 5, 4, 3, 2, 1]],
    [
      "force_search_count counts, up to count_limit",
      { limit: 100, count_limit: 4, context: { force_search_count: true } },
      4,
      [1, 2, 3, 4, 5, 6],
    ],
  ])("length: %s", async (_title, kwargs, length, ids) => {
    const answer = await webSearchRead(odoo19, "stock.move.line", [EVERY_CAL_LINE, {}], kwargs);
    expect(answer).toEqual({ length, records: ids.map((id) => ({ id })) });
  });

  it("reads many2one as a bare id without fields, false when empty, {id} with empty fields", async () => {
    const moves = await executeKw(odoo19.url, admin, "stock.move", "web_read", [
      [1],
      { picking_id: { fields: { name: {} } }, sale_line_id: {} },
    ]);
    expect(moves.value).toEqual([{ id: 1, picking_id: false, sale_line_id: false }]);
    const line = await webSearchRead(odoo19, "stock.move.line", [
      DELIVERED_CAL_0001,
      { lot_id: { fields: { id: {} } } },
    ]);
    expect(line).toEqual({ length: 1, records: [{ id: 2, lot_id: { id: 1 } }] });
  });

  it("ignores a specification given to a plain field", async () => {
    for (const spec of [{ fields: { name: {} } }, true]) {
      const answer = await webSearchRead(odoo19, "stock.move.line", [
        DELIVERED_CAL_0001,
        { reference: spec },
      ]);
      expect(answer).toEqual({ length: 1, records: [{ id: 2, reference: "WH/OUT/00001" }] });
    }
  });
});
