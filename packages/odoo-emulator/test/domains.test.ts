import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, demoFixture, type RunningEmulator, startEmulator } from "../src/index.ts";
import { executeKw } from "./helpers.ts";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const names = async (model: string, domain: unknown[], kwargs: Record<string, unknown> = {}) =>
  (
    (await executeKw(emulator.url, model, "search_read", [domain], {
      fields: ["name"],
      order: "name",
      ...kwargs,
    })) as { name: string }[]
  ).map((r) => r.name);

const S = DEMO.serials;

describe("domains", () => {
  it.each([
    [
      "=ilike matches exactly, case-insensitively",
      [["name", "=ilike", "sn-0001"]],
      ["SN-0001", "SN-0001"],
    ],
    [
      "=ilike with an escaped underscore matches only the literal underscore",
      [["name", "=ilike", "a\\_1"]],
      ["A_1"],
    ],
    [
      "=ilike with an unescaped underscore is a wildcard",
      [["name", "=ilike", "a_1"]],
      ["AB1", "A_1"],
    ],
    [
      "=ilike with an escaped percent sign matches nothing here",
      [["name", "=ilike", "HIQ\\%"]],
      [],
    ],
    ["=like is case-sensitive", [["name", "=like", "sn-0001"]], []],
    [
      "ilike wraps the value in %...%",
      [["name", "ilike", "24-00020"]],
      ["HIQ-24-000201", "HIQ-24-000202", "HIQ-24-000203"],
    ],
    [
      "not ilike keeps the others",
      [["name", "not ilike", "H"]],
      ["AB1", "A_1", "SN-0001", "SN-0001"],
    ],
    ["in", [["name", "in", ["A_1", "AB1", "nope"]]], ["AB1", "A_1"]],
    [
      "| and implicit &",
      [
        "|",
        ["name", "=", "A_1"],
        ["name", "=", "AB1"],
        ["product_id.default_code", "=", "HUD-CANVAS"],
      ],
      ["AB1", "A_1"],
    ],
    [
      "! negates the next term",
      ["!", ["name", "ilike", "H"], ["product_id", "=", 107]],
      ["AB1", "A_1", "SN-0001"],
    ],
    [
      "explicit & of two terms",
      ["&", ["name", "=", "SN-0001"], ["product_id.name", "=", "Huddly Canvas"]],
      ["SN-0001"],
    ],
    [
      "a dotted path through many2one",
      [
        ["product_id.product_tmpl_id.name", "=", "Huddly L1 Camera"],
        ["name", "like", "24"],
      ],
      ["HL1-24-000101", "HL1-24-000102"],
    ],
    [
      "many2one compared with a name",
      [
        ["product_id", "ilike", "canvas"],
        ["name", "=like", "SN%"],
      ],
      ["SN-0001"],
    ],
  ])("%s", async (_title, domain, expected) => {
    expect(await names("stock.lot", domain as unknown[])).toEqual(expected);
  });

  it("fails like PostgreSQL on an =ilike pattern ending in a lone backslash (fault 1)", async () => {
    await expect(names("stock.lot", [["name", "=ilike", "SN-0001\\"]])).rejects.toThrow(
      /LIKE pattern must not end with escape character/,
    );
    // Escaped, the backslash is a literal: no match, no error.
    expect(await names("stock.lot", [["name", "=ilike", "SN-0001\\\\"]])).toEqual([]);
  });

  it("follows x2many paths: any related record matches", async () => {
    const pickings = await names("stock.picking", [
      ["move_line_ids.lot_id.name", "=", S.kit],
      ["picking_type_code", "=", "outgoing"],
    ]);
    expect(pickings).toEqual(["WH/OUT/00006"]);
    const orders = await names("sale.order", [
      ["order_line.move_ids.move_line_ids.lot_id.name", "=ilike", S.soldAloneWithKit.toLowerCase()],
    ]);
    expect(orders).toEqual(["S00014"]);
  });

  it("keeps a path existential under a negative operator, as Odoo's _anyfy_leaves: some line has another product", async () => {
    const some = await names("sale.order", [
      ["order_line.product_id.default_code", "!=", "HUD-IQ"],
    ]);
    const none = await names("sale.order", [
      "!",
      ["order_line.product_id.default_code", "=", "HUD-IQ"],
    ]);
    const all = await names("sale.order", []);
    const onlyIq = all.filter((order) => !some.includes(order));
    // An order with an IQ line and another line is in `some` but not in `none`.
    expect(some.filter((order) => !none.includes(order))).toContain("S00014");
    expect(none).toEqual(["S00010", "S00011", "S00012", "S00017"]);
    for (const order of onlyIq) expect(none).not.toContain(order);
  });

  it("hides archived records unless the context says active_test: false", async () => {
    const domain = [["name", "ilike", "Nordlys"]];
    expect(await names("res.partner", domain)).toEqual([]);
    expect(await names("res.partner", domain, { context: { active_test: false } })).toEqual([
      "Nordlys Konferanse AS",
    ]);
    // Reading an archived record by id works.
    expect(
      await executeKw(emulator.url, "res.partner", "read", [[40]], { fields: ["active"] }),
    ).toEqual([{ id: 40, active: false }]);
  });

  it("applies active_test to x2many hops of a path but not to many2one hops, as Odoo's expression.py", async () => {
    const fixture = demoFixture();
    const partners = fixture.records["res.partner"] ?? [];
    const parent = partners.find((p) => p.name === "Svensson Möten AB");
    partners.push({ id: 990, name: "Archived Contact", parent_id: parent?.id ?? 0, active: false });
    const odoo = await startEmulator({ fixture });
    const search = (model: string, domain: unknown[], context: Record<string, unknown> = {}) =>
      executeKw(odoo.url, model, "search_read", [domain], { fields: ["name"], context }).then(
        (rows) => (rows as { name: string }[]).map((r) => r.name),
      );
    try {
      // x2many: comodel._search in the caller's context hides the archived child ...
      expect(await search("res.partner", [["child_ids.name", "=", "Archived Contact"]])).toEqual(
        [],
      );
      expect(await search("res.partner", [["child_ids", "ilike", "Archived Contact"]])).toEqual([]);
      // ... unless active_test is false.
      expect(
        await search("res.partner", [["child_ids.name", "=", "Archived Contact"]], {
          active_test: false,
        }),
      ).toEqual(["Svensson Möten AB"]);
      // many2one: comodel.with_context(active_test=False)._search, archived targets match.
      expect(
        await search("sale.order", [["partner_id.name", "=", "Nordlys Konferanse AS"]]),
      ).not.toEqual([]);
    } finally {
      await odoo.close();
    }
  });

  it("supports =? and comparison operators", async () => {
    expect(
      await names("stock.lot", [
        ["name", "=?", false],
        ["create_date", ">=", "2024-04-01"],
        ["name", "<", "B"],
      ]),
    ).toEqual(["AB1", "A_1"]);
  });

  it("orders, limits and offsets", async () => {
    const lines = await executeKw(
      emulator.url,
      "stock.move.line",
      "search_read",
      [[["lot_id.name", "=", S.returnedResold]]],
      {
        fields: ["reference"],
        order: "date desc",
        limit: 2,
        offset: 1,
      },
    );
    expect(lines).toEqual([
      { id: expect.any(Number), reference: "WH/RET/00002" },
      { id: expect.any(Number), reference: "WH/OUT/00009" },
    ]);
    expect(
      await executeKw(emulator.url, "stock.lot", "search_count", [[["name", "=", "SN-0001"]]]),
    ).toBe(2);
  });

  it.each([
    ["stock.picking.type", [["code", "=", "outgoing"]], "Huddly AS: Delivery Orders"],
    ["res.country.state", [["code", "=", "46"]], "Vestland (NO)"],
    [
      "res.partner",
      [
        ["parent_id.name", "=", "Bjørn Ødegård AS"],
        ["name", "=", "Lager Sandsli"],
      ],
      "Bjørn Ødegård AS, Lager Sandsli",
    ],
    [
      "res.partner",
      [
        ["type", "=", "delivery"],
        ["name", "=", false],
        ["parent_id.name", "=", "Société Générale Équipement"],
      ],
      "Société Générale Équipement, Delivery Address",
    ],
  ])("names %s records as Odoo does", async (model, domain, expected) => {
    const [record] = (await executeKw(emulator.url, model, "search_read", [domain], {
      fields: ["display_name"],
    })) as { display_name: string }[];
    expect(record?.display_name).toBe(expected);
  });

  it("sends the bare id of a many2one when read() gets load=None", async () => {
    const [lot] = (await executeKw(emulator.url, "stock.lot", "search", [
      [["name", "=", S.plain]],
    ])) as number[];
    expect(
      await executeKw(emulator.url, "stock.lot", "read", [[lot], ["product_id"]], { load: null }),
    ).toEqual([{ id: lot, product_id: 105 }]);
  });

  it("computes is_kits from phantom BoMs and picking_type_code from the operation type", async () => {
    expect(await names("product.product", [["is_kits", "=", true]])).toEqual(["Huddly L1 Kit"]);
    expect(
      await names("product.product", [
        ["name", "ilike", "kit"],
        ["is_kits", "=", false],
      ]),
    ).toEqual(["Kitchenette shelf"]);
  });

  it.each([
    ["child_of", 7],
    ["parent_of", 7],
    ["any", [["name", "=", "WH"]]],
    ["not any", [["name", "=", "WH"]]],
  ])(
    "refuses %s, an operator the project never sends, as Odoo refuses an unknown one",
    async (operator, operand) => {
      await expect(
        executeKw(emulator.url, "stock.location", "search", [[["id", operator, operand]]]),
      ).rejects.toThrow(`Invalid leaf ('id', '${operator}'`);
    },
  );
});
