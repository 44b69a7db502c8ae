import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  ODOO_VERSIONS,
  type OdooVersion,
  type RunningEmulator,
  startEmulator,
} from "../src/index.ts";
import { executeKw, jsonRpc } from "./helpers.ts";

const emulators = new Map<OdooVersion, RunningEmulator>();
beforeAll(async () => {
  for (const version of ODOO_VERSIONS)
    emulators.set(version, await startEmulator({ odooVersion: version }));
});
afterAll(() => Promise.all([...emulators.values()].map((e) => e.close())));

const at = (version: OdooVersion) => (emulators.get(version) as RunningEmulator).url;

/** The Odoo error name of a call, or "ok". */
const outcome = async (
  version: OdooVersion,
  model: string,
  method: string,
  args: unknown[],
  kwargs = {},
) => {
  try {
    await executeKw(at(version), model, method, args, kwargs);
    return "ok";
  } catch (error) {
    return (error as { odooName: string }).odooName;
  }
};

const UNKNOWN_MODEL = "odoo.exceptions.UserError";
const BAD_FIELD = "builtins.ValueError";
const NO_METHOD = "builtins.AttributeError";

describe("version profiles", () => {
  it.each(ODOO_VERSIONS)("reports version %i.0", async (version) => {
    const { body } = await jsonRpc(at(version), "common", "version", []);
    expect(body.result).toMatchObject({
      server_version: `${version}.0`,
      server_version_info: [version, 0, 0, "final", 0, ""],
    });
  });

  it.each([["stock.production.lot", "stock.lot", [14, 15], [16, 17, 18, 19]]])(
    "serves the lot model as %s up to 15 and %s from 16",
    async (old, current, oldVersions, newVersions) => {
      for (const v of oldVersions as OdooVersion[]) {
        expect([v, await outcome(v, old, "search", [[]])]).toEqual([v, "ok"]);
        expect([v, await outcome(v, current, "search", [[]])]).toEqual([v, UNKNOWN_MODEL]);
      }
      for (const v of newVersions as OdooVersion[]) {
        expect([v, await outcome(v, current, "search", [[]])]).toEqual([v, "ok"]);
        expect([v, await outcome(v, old, "search", [[]])]).toEqual([v, UNKNOWN_MODEL]);
      }
    },
  );

  it.each([
    // [model, field, versions where it exists]
    ["stock.move.line", "qty_done", [14, 15, 16]],
    ["stock.move.line", "quantity", [17, 18, 19]],
    ["stock.move", "quantity_done", [14, 15, 16]],
    ["stock.move", "quantity", [17, 18, 19]],
    ["stock.picking", "move_lines", [14, 15]],
    ["stock.picking", "move_ids", [16, 17, 18, 19]],
    ["sale.order.line", "product_uom", [14, 15, 16, 17, 18]],
    ["sale.order.line", "product_uom_id", [19]],
    ["res.partner", "mobile", [14, 15, 16, 17, 18]],
    ["sale.order", "locked", [17, 18, 19]],
    ["stock.picking", "return_id", [17, 18, 19]],
  ])("has %s.%s in exactly %j", async (model, field, versions) => {
    const seen: number[] = [];
    for (const v of ODOO_VERSIONS) {
      const result = await outcome(v, model, "search_read", [[[field, "!=", false]]], {
        fields: [field],
        limit: 1,
      });
      if (result === "ok") seen.push(v);
      else expect(result).toBe(BAD_FIELD);
    }
    expect(seen).toEqual(versions);
  });

  it.each([
    [16, "done"],
    [17, "sale"],
  ] as const)("shows a locked confirmed order on %i with state %s", async (version, state) => {
    const orders = await executeKw(
      at(version),
      "sale.order",
      "search_read",
      [[["name", "=", "S00011"]]],
      { fields: ["state"] },
    );
    expect(orders).toEqual([{ id: expect.any(Number), state }]);
    const byState = await executeKw(at(version), "sale.order", "search_count", [
      [
        ["state", "=", state],
        ["name", "=", "S00011"],
      ],
    ]);
    expect(byState).toBe(1);
  });

  it.each([
    [17, "check_access_rights", "ok"],
    [18, "check_access_rights", "ok"],
    [19, "check_access_rights", "ok"],
    [17, "has_access", NO_METHOD],
    [18, "has_access", "ok"],
    [19, "has_access", "ok"],
  ] as const)("on %i, %s answers %s", async (version, method, expected) => {
    const args = method === "has_access" ? [[], "read"] : ["read", false];
    expect(await outcome(version, "sale.order", method, args)).toBe(expected);
  });

  it("refuses has_access without its recordset, as Odoo 18+ does over XML-RPC", async () => {
    await expect(executeKw(at(19), "sale.order", "has_access", ["read"])).rejects.toMatchObject({
      odooName: "builtins.TypeError",
      message: "BaseModel.has_access() missing 1 required positional argument: 'operation'",
    });
  });

  it("names relations with the version's model names in fields_get", async () => {
    const fields15 = (await executeKw(
      at(15),
      "stock.move.line",
      "fields_get",
      [["lot_id", "qty_done"]],
      { attributes: ["type", "relation"] },
    )) as object;
    expect(fields15).toEqual({
      lot_id: { type: "many2one", relation: "stock.production.lot" },
      qty_done: { type: "float" },
    });
    const fields19 = (await executeKw(
      at(19),
      "stock.picking",
      "fields_get",
      [["move_ids"]],
      {},
    )) as Record<string, Record<string, unknown>>;
    expect(fields19.move_ids).toMatchObject({
      type: "one2many",
      relation: "stock.move",
      relation_field: "picking_id",
      store: false,
    });
  });

  it("reads move-line quantities under each version's name", async () => {
    const read = async (v: OdooVersion, model: string, field: string) =>
      executeKw(
        at(v),
        model,
        "search_read",
        [
          [
            ["lot_id.name", "=", DEMO.serials.plain],
            ["picking_code", "=", "outgoing"],
          ],
        ],
        { fields: [field] },
      );
    expect(await read(14, "stock.move.line", "qty_done")).toEqual([
      { id: expect.any(Number), qty_done: 1 },
    ]);
    expect(await read(19, "stock.move.line", "quantity")).toEqual([
      { id: expect.any(Number), quantity: 1 },
    ]);
  });

  it("answers GET /web/version on 19 only", async () => {
    const on19 = await fetch(`${at(19)}/web/version`);
    expect(await on19.json()).toEqual({
      version_info: [19, 0, 0, "final", 0, ""],
      version: "19.0",
    });
    const on17 = await fetch(`${at(17)}/web/version`);
    await on17.text();
    expect(on17.status).toBe(404);
  });
});
