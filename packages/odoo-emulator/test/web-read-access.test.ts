/**
 * Access rights, and JSON-2's answers for bad input, for web_search_read / web_read. Every
 * expected answer below is what a real Odoo 19.0 (and where it says so, 17.0) answered for the
 * same call on the same data (test/fixtures/real-odoo.ts). The emulator has no groups, so the
 * AccessError's list of groups is not compared.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { admin, executeKw, json2, probe, REAL_ODOO } from "./fixtures/real-odoo.ts";

let odoo19: RunningEmulator;
let odoo17: RunningEmulator;
beforeAll(async () => {
  [odoo19, odoo17] = await Promise.all([
    startEmulator({ odooVersion: 19, fixture: REAL_ODOO }),
    startEmulator({ odooVersion: 17, fixture: REAL_ODOO }),
  ]);
});
afterAll(() => Promise.all([odoo19.close(), odoo17.close()]));

const D = [["lot_id.name", "=ilike", "CAL-0001"]];
const LINE = "stock.move.line";
const TEMPLATE = "product.template";

describe("access rights", () => {
  const asProbe = (emulator: RunningEmulator, model: string, method: string, args: unknown[]) =>
    executeKw(emulator.url, probe, model, method, args);
  const notAllowed = (description: string, model: string) =>
    `You are not allowed to access '${description}' (${model}) records.`;

  it("gives a many2one's display_name even when the user may not read its model", async () => {
    const answer = await asProbe(odoo19, LINE, "web_search_read", [
      [["id", "=", 2]],
      { lot_id: { fields: { display_name: {} } } },
    ]);
    expect(answer.value).toEqual({
      length: 1,
      records: [{ id: 2, lot_id: { id: 1, display_name: "CAL-0001" } }],
    });
  });

  it("refuses any other field of that model (fault 4)", async () => {
    const answer = await asProbe(odoo19, LINE, "web_search_read", [
      [["id", "=", 2]],
      { lot_id: { fields: { name: {} } } },
    ]);
    expect(answer.fault?.faultCode).toBe(4);
    expect(answer.fault?.faultString.startsWith(notAllowed("Lot/Serial", "stock.lot"))).toBe(true);
  });

  it("refuses an x2many to a model the user may not read, naming the field on 19", async () => {
    const spec = { bom_ids: {} };
    const on19 = await asProbe(odoo19, TEMPLATE, "web_search_read", [[["id", "=", 2]], spec]);
    expect(on19.fault?.faultCode).toBe(4);
    expect(on19.fault?.faultString).toMatch(
      /^Failed to read field product\.template\.bom_ids\nYou are not allowed to access 'Bill of Material' \(mrp\.bom\) records\./,
    );
    const on17 = await asProbe(odoo17, TEMPLATE, "web_search_read", [[["id", "=", 2]], spec]);
    expect(on17.fault?.faultString.startsWith(notAllowed("Bill of Material", "mrp.bom"))).toBe(
      true,
    );
  });

  it("checks nothing when it reads only ids, and the model itself when it searches", async () => {
    expect((await asProbe(odoo19, "sale.order", "web_read", [[1], {}])).value).toEqual([{ id: 1 }]);
    expect((await asProbe(odoo19, "sale.order", "web_read", [[], { name: {} }])).value).toEqual([]);
    const search = await asProbe(odoo19, "sale.order", "web_search_read", [[["id", "in", []]], {}]);
    expect(search.fault?.faultCode).toBe(4);
    const dotted = await asProbe(odoo19, LINE, "web_search_read", [
      [["lot_id.name", "=", "CAL-0001"]],
      {},
    ]);
    expect(dotted.fault?.faultString.startsWith(notAllowed("Lot/Serial", "stock.lot"))).toBe(true);
  });
});

describe("JSON-2 answers for bad input (Odoo 19)", () => {
  const post = (target: string, body: unknown, user = admin) =>
    json2(odoo19.url, user, target, body);
  const http = (status: number, name: string, message: string) => ({
    status,
    body: expect.objectContaining({ name, message }),
  });

  it.each([
    [
      "ids for the model method web_search_read",
      "web_search_read",
      { ids: [2], domain: D, specification: {} },
      http(
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "cannot call stock.move.line.web_search_read with ids",
      ),
    ],
    [
      "no specification",
      "web_search_read",
      { domain: D },
      http(
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "missing a required argument: 'specification'",
      ),
    ],
    [
      "no domain",
      "web_search_read",
      { specification: {} },
      http(422, "werkzeug.exceptions.UnprocessableEntity", "missing a required argument: 'domain'"),
    ],
    [
      "an unexpected argument",
      "web_search_read",
      { domain: D, specification: {}, fields: ["x"] },
      http(
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "got an unexpected keyword argument 'fields'",
      ),
    ],
    [
      "web_read without a specification",
      "web_read",
      { ids: [2] },
      http(
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "missing a required argument: 'specification'",
      ),
    ],
    [
      "an unknown field",
      "web_search_read",
      { domain: D, specification: { bogus: {} } },
      http(500, "builtins.ValueError", "Invalid field 'bogus' on 'stock.move.line'"),
    ],
    [
      "a list for a specification",
      "web_search_read",
      { domain: D, specification: ["reference"] },
      http(500, "builtins.AttributeError", "'list' object has no attribute 'keys'"),
    ],
    [
      "true for a many2one's spec",
      "web_search_read",
      { domain: D, specification: { lot_id: true } },
      http(500, "builtins.TypeError", "argument of type 'bool' is not iterable"),
    ],
    [
      "a relation of a deleted record",
      "web_read",
      { ids: [2, 999999], specification: { lot_id: { fields: { name: {} } } } },
      http(
        404,
        "odoo.exceptions.MissingError",
        "Record does not exist or has been deleted.\n(Record: stock.move.line(999999,), User: 2)",
      ),
    ],
  ])("%s", async (_title, method, body, expected) => {
    expect(await post(`${LINE}/${method}`, body)).toEqual(expected);
  });

  it("answers 200 for empty ids on web_search_read, and 403 for a model the user may not read", async () => {
    const delivered = [...D, ["location_dest_id.usage", "=", "customer"]];
    const empty = await post(`${LINE}/web_search_read`, {
      ids: [],
      domain: delivered,
      specification: {},
    });
    expect(empty).toEqual({ status: 200, body: { length: 1, records: [{ id: 2 }] } });
    const denied = await post(
      `${LINE}/web_search_read`,
      { domain: [["id", "=", 2]], specification: { lot_id: { fields: { name: {} } } } },
      probe,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.name).toBe("odoo.exceptions.AccessError");
  });
});
