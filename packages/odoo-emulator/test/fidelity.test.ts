/**
 * What the real Odoo 16, 17 and 19 servers showed (test/recordings, replayed in
 * replay.test.ts), on a small fixture whose answers are easy to read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  type Fixture,
  type OdooVersion,
  type RunningEmulator,
  startEmulator,
} from "../src/index.ts";
import { executeKw } from "./helpers.ts";

const USER = { id: 2, login: "reader", password: "reader-pw", read: ["*"], write: [] };
const LIMITED = {
  id: 3,
  login: "limited",
  password: "limited-pw",
  read: ["res.partner"],
  write: [],
};

const fixture = (): Fixture => ({
  db: DEMO.db,
  users: [USER, LIMITED],
  records: {
    "res.company": [{ id: 1, name: "Acme Seller" }],
    "res.partner": [{ id: 1, name: "Acme Buyer", is_company: true }],
    "product.template": [{ id: 1, name: "Widget" }],
    "product.product": [{ id: 1, product_tmpl_id: 1, default_code: "W" }],
    "stock.location": [
      { id: 1, name: "WH", usage: "view" },
      { id: 2, name: "Stock", usage: "internal", location_id: 1 },
      { id: 3, name: "Customers", usage: "customer" },
    ],
    "stock.picking.type": [{ id: 1, name: "Delivery Orders", code: "outgoing" }],
    // S2 is the older order, though its name sorts after S1's.
    "sale.order": [
      { id: 1, name: "S1", partner_id: 1, date_order: "2025-02-01 10:00:00", company_id: 1 },
      { id: 2, name: "S2", partner_id: 1, date_order: "2025-01-01 10:00:00", company_id: 1 },
    ],
    "sale.order.line": [
      { id: 1, order_id: 1, product_id: 1, name: "[W] Widget" },
      { id: 2, order_id: 1, product_id: 1, name: "Custom text\nSecond line" },
      { id: 3, order_id: 2, product_id: 1, name: "[W] Widget" },
    ],
    "stock.picking": [{ id: 1, name: "WH/OUT/1", origin: "S1", picking_type_id: 1 }],
    "stock.move": [
      { id: 1, picking_id: 1, product_id: 1, location_id: 2, location_dest_id: 3, sale_line_id: 1 },
    ],
    "stock.move.line": [{ id: 1, move_id: 1 }],
  },
  fields: { "stock.picking": { x_notes_html: "html", activity_ids: "one2many" } },
});

const emulators = new Map<OdooVersion, RunningEmulator>();
beforeAll(async () => {
  for (const version of [16, 17, 19] as const) {
    emulators.set(version, await startEmulator({ fixture: fixture(), odooVersion: version }));
  }
});
afterAll(() => Promise.all([...emulators.values()].map((e) => e.close())));

const call = (
  version: OdooVersion,
  model: string,
  method: string,
  args: unknown[],
  kwargs = {},
  user = USER,
) => executeKw((emulators.get(version) as RunningEmulator).url, model, method, args, kwargs, user);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => "no error",
    (error: Error & { odooName?: string }) => `${error.odooName}: ${error.message}`,
  );

describe("display names as each version computes them", () => {
  it.each([
    [16, ["S1 - [W] Widget", "S1 - Custom text"]],
    [17, ["S1 - [W] Widget (Acme Buyer)", "S1 - Custom text (Acme Buyer)"]],
    [19, ["S1 - [W] Widget (Acme Buyer)", "S1 - Second line (Acme Buyer)"]],
  ] as const)("names sale order lines on Odoo %i", async (version, names) => {
    const lines = (await call(version, "sale.order.line", "read", [[1, 2], ["display_name"]])) as {
      display_name: string;
    }[];
    expect(lines.map((line) => line.display_name)).toEqual(names);
  });

  it.each([16, 17, 19] as const)(
    "names a move by origin, product code and locations, a move line by its product (Odoo %i)",
    async (version) => {
      const [line] = (await call(version, "stock.move.line", "read", [
        [1],
        ["move_id", "display_name"],
      ])) as {
        move_id: [number, string];
        display_name: string;
      }[];
      expect(line?.move_id).toEqual([1, "S1/W: Stock>Customers"]);
      expect(line?.display_name).toBe("[W] Widget");
    },
  );
});

it("orders by a many2one as the related model's own order (sale.order: newest first)", async () => {
  const lines = (await call(19, "sale.order.line", "search_read", [[]], {
    fields: ["order_id"],
    order: "order_id, id",
  })) as { id: number }[];
  expect(lines.map((line) => line.id)).toEqual([1, 2, 3]);
  const reversed = (await call(19, "sale.order.line", "search", [[]], {
    order: "order_id desc, id",
  })) as number[];
  expect(reversed).toEqual([3, 1, 2]);
});

it("lists the fields a fixture declares in fields_get and reads them empty", async () => {
  const fields = (await call(19, "stock.picking", "fields_get", [], {
    attributes: ["type"],
  })) as Record<string, { type: string }>;
  expect(fields.x_notes_html).toEqual({ type: "html" });
  expect(fields.activity_ids).toEqual({ type: "one2many" });
  expect(await call(19, "stock.picking", "read", [[1], ["x_notes_html", "activity_ids"]])).toEqual([
    { id: 1, x_notes_html: false, activity_ids: [] },
  ]);
});

it("has no stock.move description nor stock.picking creation date on Odoo 19", async () => {
  expect(await failure(call(19, "stock.move", "read", [[1], ["name"]]))).toBe(
    "builtins.ValueError: Invalid field 'name' on 'stock.move'",
  );
  expect(await failure(call(19, "stock.picking", "read", [[1], ["date"]]))).toBe(
    "builtins.ValueError: Invalid field 'date' on 'stock.picking'",
  );
  expect(await call(17, "stock.picking", "read", [[1], ["date"]])).toEqual([
    { id: 1, date: false },
  ]);
});

it("refuses to read every field of a contact for a user without rights beyond the lookup's", async () => {
  expect(await failure(call(17, "res.partner", "search_read", [[]], {}, LIMITED))).toBe(
    "odoo.exceptions.AccessError: You are not allowed to access 'Journal Entry' (account.move) records.\n\nThis operation is allowed for the following groups:\n\t- Invoicing/Billing\n\t- Sales/User: Own Documents Only\n\nContact your administrator to request access if necessary.",
  );
  expect(await failure(call(19, "res.partner", "read", [[1], []], {}, LIMITED))).toMatch(
    /^odoo\.exceptions\.AccessError: Failed to read field res\.partner\.rtc_session_ids\n/,
  );
  expect(await call(17, "res.partner", "search_read", [[]], { fields: ["name"] }, LIMITED)).toEqual(
    [{ id: 1, name: "Acme Buyer" }],
  );
});

it.each([
  [
    16,
    "stock.lot",
    "search_read",
    [[]],
    { fields: ["x"] },
    "Invalid field 'x' on model 'stock.lot'",
  ],
  [19, "stock.lot", "search_read", [[]], { fields: ["x"] }, "Invalid field 'x' on 'stock.lot'"],
  [16, "stock.lot", "search", [[["name", "~~", 1]]], {}, "Invalid leaf ('name', '~~', 1)"],
  [
    19,
    "stock.lot",
    "search",
    [[["name", "~~", 1]]],
    {},
    "Invalid operator in condition ('name', '~~', 1)",
  ],
  [
    19,
    "stock.lot",
    "search",
    [[["product_id.x", "=", 1]]],
    {},
    "Invalid field product.product.x in condition ('x', '=', 1)",
  ],
  [16, "stock.lot", "frob", [[]], {}, "type object 'stock.lot' has no attribute 'frob'"],
  [19, "stock.lot", "frob", [[]], {}, "The method 'stock.lot.frob' does not exist"],
  [
    16,
    "stock.lot",
    "_frob",
    [[]],
    {},
    "Private methods (such as _frob) cannot be called remotely.",
  ],
  [
    19,
    "stock.lot",
    "_frob",
    [[]],
    {},
    "Private methods (such as 'stock.lot._frob') cannot be called remotely.",
  ],
  [
    16,
    "stock.lot",
    "search_read",
    [[]],
    { nope: 1 },
    "BaseModel.read() got an unexpected keyword argument 'nope'",
  ],
  [
    17,
    "stock.lot",
    "search_read",
    [[]],
    { nope: 1 },
    "BaseModel._read_format() got an unexpected keyword argument 'nope'",
  ],
  [
    17,
    "stock.lot",
    "search_count",
    [],
    {},
    "BaseModel.search_count() missing 1 required positional argument: 'domain'",
  ],
] as const)(
  "words Odoo %i's %s.%s error as it does",
  async (version, model, method, args, kwargs, message) => {
    expect(await failure(call(version, model, method, [...args], kwargs))).toContain(message);
  },
);

it("puts Odoo 18 and later's Customers and Vendors locations at the top of the demo data", async () => {
  const names = async (version: OdooVersion) => {
    const odoo = await startEmulator({ odooVersion: version });
    try {
      const rows = (await executeKw(
        odoo.url,
        "stock.location",
        "search_read",
        [[["usage", "in", ["customer", "supplier"]]]],
        {
          fields: ["display_name"],
          order: "id",
        },
      )) as { display_name: string }[];
      return rows.map((row) => row.display_name);
    } finally {
      await odoo.close();
    }
  };
  expect(await names(17)).toEqual(["Partners/Customers", "Partners/Vendors"]);
  expect(await names(19)).toEqual(["Customers", "Vendors"]);
});
