import { describe, expect, it } from "vitest";
import { createOdooClient, type ExecuteKwRequest } from "../src/index.ts";
import { toServerOrder, toServerPath } from "../src/translate.ts";
import { parseServerVersion, serverProfile } from "../src/versions.ts";
import { OPTIONS, spyTransport } from "./helpers/fake-transport.ts";

/** What each version's server calls the things callers name in the newest vocabulary. */
const SERVER_NAMES = [
  {
    major: 14,
    lot: "stock.production.lot",
    qty: "qty_done",
    moves: "move_lines",
    uom: "product_uom",
    access: "check_access_rights",
  },
  {
    major: 15,
    lot: "stock.production.lot",
    qty: "qty_done",
    moves: "move_lines",
    uom: "product_uom",
    access: "check_access_rights",
  },
  {
    major: 16,
    lot: "stock.lot",
    qty: "qty_done",
    moves: "move_ids",
    uom: "product_uom",
    access: "check_access_rights",
  },
  {
    major: 17,
    lot: "stock.lot",
    qty: "quantity",
    moves: "move_ids",
    uom: "product_uom",
    access: "check_access_rights",
  },
  {
    major: 18,
    lot: "stock.lot",
    qty: "quantity",
    moves: "move_ids",
    uom: "product_uom",
    access: "has_access",
  },
  {
    major: 19,
    lot: "stock.lot",
    qty: "quantity",
    moves: "move_ids",
    uom: "product_uom_id",
    access: "has_access",
  },
] as const;

/** A fake server that answers every read with one record holding each requested field. */
function serverOf(major: number) {
  return spyTransport({
    major,
    execute: (request: ExecuteKwRequest) => {
      if (request.method === "fields_get") {
        return {
          [major <= 16 ? "qty_done" : "quantity"]: { type: "float" },
          lot_id: {
            type: "many2one",
            relation: major <= 15 ? "stock.production.lot" : "stock.lot",
          },
        };
      }
      if (request.method === "check_access_rights" || request.method === "has_access") return true;
      if (request.method === "search_count") return 1;
      const fields = (request.kwargs.fields as string[] | undefined) ?? [];
      return [
        Object.fromEntries([
          ["id", 1],
          ...fields.filter((f) => f !== "id").map((f) => [f, `${f}-value`]),
        ]),
      ];
    },
  });
}

describe.each(SERVER_NAMES)("Odoo $major", (names) => {
  const setup = () => {
    const spy = serverOf(names.major);
    const client = createOdooClient({ ...OPTIONS, transport: spy });
    const last = () => spy.calls.executeKw.at(-1) as ExecuteKwRequest;
    return { client, last };
  };

  it("profile() names what this server uses", async () => {
    const { client } = setup();
    const profile = await client.profile();
    expect(profile.major).toBe(names.major);
    expect(profile.names).toEqual({
      lotModel: names.lot,
      moveLineQuantity: names.qty,
      pickingMoves: names.moves,
      saleLineUom: names.uom,
      partnerMobile: names.major >= 19 ? null : "mobile",
    });
    expect(profile.accessCheckMethod).toBe(names.access);
  });

  it("translates a lot search: model, domain and fields", async () => {
    const { client, last } = setup();
    await client.searchRead("stock.lot", [["name", "=ilike", "SN1"]], {
      fields: ["name", "product_id"],
    });
    expect(last()).toMatchObject({
      model: names.lot,
      method: "search_read",
      args: [[["name", "=ilike", "SN1"]]],
    });
  });

  it("translates dotted domain paths hop by hop, `order`, and result keys", async () => {
    const { client, last } = setup();
    const rows = await client.searchRead(
      "stock.picking",
      [
        "|",
        ["move_ids.move_line_ids.lot_id.name", "in", ["SN1"]],
        ["move_ids.sale_line_id.product_uom_id", "!=", false],
      ],
      { fields: ["name", "move_ids"], order: "move_ids desc, id", limit: 5 },
    );
    expect(last().args).toEqual([
      [
        "|",
        [`${names.moves}.move_line_ids.lot_id.name`, "in", ["SN1"]],
        [`${names.moves}.sale_line_id.${names.uom}`, "!=", false],
      ],
    ]);
    expect(last().kwargs).toEqual({
      fields: ["name", names.moves],
      order: `${names.moves} desc, id`,
      limit: 5,
    });
    expect(rows).toEqual([{ id: 1, name: "name-value", move_ids: `${names.moves}-value` }]);
  });

  it("reads move-line quantities under their newest name", async () => {
    const { client, last } = setup();
    const rows = await client.read("stock.move.line", [4], ["quantity", "lot_id"]);
    expect(last()).toMatchObject({
      model: "stock.move.line",
      method: "read",
      args: [[4]],
      kwargs: { fields: [names.qty, "lot_id"] },
    });
    expect(rows).toEqual([{ id: 1, quantity: `${names.qty}-value`, lot_id: "lot_id-value" }]);
  });

  it("follows paths from the move line to the lot and the sale line", async () => {
    const { client, last } = setup();
    await client.searchCount("stock.move.line", [
      ["move_id.sale_line_id.order_id.picking_ids.move_ids.product_uom_qty", ">", 0],
    ]);
    expect(last().args).toEqual([
      [[`move_id.sale_line_id.order_id.picking_ids.${names.moves}.product_uom_qty`, ">", 0]],
    ]);
  });

  it(
    names.major >= 19
      ? "drops res.partner.mobile and answers it as false"
      : "keeps res.partner.mobile",
    async () => {
      const { client, last } = setup();
      const rows = await client.searchRead("res.partner", [], { fields: ["name", "mobile"] });
      if (names.major >= 19) {
        expect(last().kwargs.fields).toEqual(["name"]);
        expect(rows).toEqual([{ id: 1, name: "name-value", mobile: false }]);
      } else {
        expect(last().kwargs.fields).toEqual(["name", "mobile"]);
        expect(rows).toEqual([{ id: 1, name: "name-value", mobile: "mobile-value" }]);
      }
    },
  );

  it("asks access rights the way this version wants", async () => {
    const { client, last } = setup();
    await expect(client.canAccess("stock.lot", "read")).resolves.toBe(true);
    expect(last()).toMatchObject({
      model: names.lot,
      method: names.access,
      args: names.access === "has_access" ? [[], "read"] : ["read"],
      kwargs: names.access === "has_access" ? {} : { raise_exception: false },
    });
  });

  it("renames fields_get keys and relations back to the newest names", async () => {
    const { client } = setup();
    const fields = await client.fieldsGet("stock.move.line", ["type", "relation"]);
    expect(fields).toEqual({
      quantity: { type: "float" },
      lot_id: { type: "many2one", relation: "stock.lot" },
    });
  });
});

describe("more translation details", () => {
  it("translates sub-domains of `any` on the comodel", async () => {
    const spy = serverOf(15);
    const client = createOdooClient({ ...OPTIONS, transport: spy });
    await client.searchCount("sale.order", [
      ["picking_ids", "any", [["move_ids.state", "=", "done"]]],
    ]);
    expect(spy.calls.executeKw[0]?.args).toEqual([
      [["picking_ids", "any", [["move_lines.state", "=", "done"]]]],
    ]);
  });

  it("merges the call's context into kwargs", async () => {
    const spy = serverOf(17);
    const client = createOdooClient({ ...OPTIONS, transport: spy });
    await client.searchRead(
      "res.partner",
      [],
      { fields: ["name"] },
      { context: { active_test: false } },
    );
    expect(spy.calls.executeKw[0]?.kwargs).toEqual({
      fields: ["name"],
      context: { active_test: false },
    });
  });

  it("never asks for all fields when every requested field is dropped", async () => {
    const spy = serverOf(19);
    const client = createOdooClient({ ...OPTIONS, transport: spy });
    const rows = await client.searchRead("res.partner", [], { fields: ["mobile"] });
    expect(spy.calls.executeKw[0]?.kwargs.fields).toEqual(["id"]);
    expect(rows).toEqual([{ id: 1, mobile: false }]);
  });

  it.each([
    [{ server_version: "17.0", server_version_info: [17, 0, 0, "final", 0, ""] }, 17],
    [{ server_version: "saas~17.2", server_version_info: ["saas~17", 2, 0, "final", 0, ""] }, 17],
    [{ version: "19.0", version_info: [19, 0, 0, "final", 0, ""] }, 19],
  ])("reads the major version from %j", (raw, major) => {
    expect(parseServerVersion(raw).major).toBe(major);
  });

  it("rejects a version answer without version info as ODOO_PROTOCOL", () => {
    expect(() => parseServerVersion({ server_version: "17.0" })).toThrow(
      expect.objectContaining({ code: "ODOO_PROTOCOL" }),
    );
  });

  it("asks the server version once per client", async () => {
    const spy = serverOf(16);
    const client = createOdooClient({ ...OPTIONS, transport: spy });
    await Promise.all([client.profile(), client.version(), client.searchCount("stock.lot", [])]);
    await client.read("stock.lot", [1], ["name"]);
    expect(spy.calls.version).toBe(1);
  });

  it("keeps the rest of a path as written after a relation it does not know", () => {
    const profile = serverProfile(parseServerVersion({ server_version_info: [15, 0] }));
    expect(toServerPath(profile, "stock.picking", "x_custom_id.move_ids.state")).toBe(
      "x_custom_id.move_ids.state",
    );
    expect(toServerPath(profile, "stock.picking", "move_ids.picking_id.move_ids")).toBe(
      "move_lines.picking_id.move_lines",
    );
  });

  it("keeps direction and NULLS words in `order`", () => {
    const profile = serverProfile(parseServerVersion({ server_version_info: [16, 0] }));
    expect(toServerOrder(profile, "stock.move.line", "quantity DESC NULLS LAST,id asc")).toBe(
      "qty_done DESC NULLS LAST, id asc",
    );
  });
});
