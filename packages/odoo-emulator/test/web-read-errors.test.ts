/**
 * Bad input to web_search_read / web_read: Odoo does not validate a specification, so a bad one
 * fails with whatever Python raises. Every expected fault below is what a real Odoo 19.0 (and,
 * in the 17 column, a real 17.0) answered for the same call on the same data
 * (test/fixtures/real-odoo.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { admin, executeKw, lastLine, REAL_ODOO } from "./fixtures/real-odoo.ts";

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

/** The fault as Odoo shows it: code, and the traceback's last line (fault 1) or the message. */
const fault = async (
  emulator: RunningEmulator,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
) => {
  const answer = await executeKw(emulator.url, admin, model, method, args, kwargs);
  if (!answer.fault) return { value: answer.value };
  const { faultCode, faultString } = answer.fault;
  return [faultCode, faultCode === 1 ? lastLine(faultString) : faultString];
};

describe("faults for a bad specification, as Odoo 19 and 17 answer them over XML-RPC", () => {
  it.each([
    [
      "an unknown field",
      LINE,
      "web_search_read",
      [D, { bogus: {} }],
      "ValueError: Invalid field 'bogus' on 'stock.move.line'",
      "ValueError: Invalid field 'bogus' on model 'stock.move.line'",
    ],
    [
      "an unknown field, no record can match",
      LINE,
      "web_search_read",
      [[["id", "in", []]], { bogus: {} }],
      "ValueError: Invalid field 'bogus' on 'stock.move.line'",
      // 17 skips fetching for a domain false by construction, then formats nothing.
      "KeyError: 'bogus'",
    ],
    [
      "an unknown field of a many2one",
      LINE,
      "web_search_read",
      [D, { lot_id: { fields: { bogus: {} } } }],
      "ValueError: Invalid field 'bogus' on 'stock.lot'",
      "ValueError: Invalid field 'bogus' on model 'stock.lot'",
    ],
    [
      "an unknown field of an empty many2one",
      "stock.move",
      "web_read",
      [[1], { picking_id: { fields: { bogus: {} } } }],
      "ValueError: Invalid field 'bogus' on 'stock.picking'",
      "KeyError: 'bogus'",
    ],
    [
      "an unknown field of an x2many",
      TEMPLATE,
      "web_read",
      [[2], { bom_ids: { fields: { bogus: {} } } }],
      "ValueError: Invalid field 'bogus' on 'mrp.bom'",
      "ValueError: Invalid field 'bogus' on model 'mrp.bom'",
    ],
    [
      "an unknown field read on no records",
      LINE,
      "web_read",
      [[], { bogus: {} }],
      "ValueError: Invalid field 'bogus' on 'stock.move.line'",
      "KeyError: 'bogus'",
    ],
    [
      "a list for a specification",
      LINE,
      "web_search_read",
      [D, ["reference"]],
      "AttributeError: 'list' object has no attribute 'keys'",
      "AttributeError: 'list' object has no attribute 'keys'",
    ],
    [
      "a string for a specification",
      LINE,
      "web_search_read",
      [D, "reference"],
      "AttributeError: 'str' object has no attribute 'keys'",
      "AttributeError: 'str' object has no attribute 'keys'",
    ],
    [
      "a list for web_read's specification",
      LINE,
      "web_read",
      [[2], ["reference"]],
      "AttributeError: 'list' object has no attribute 'items'",
      "AttributeError: 'list' object has no attribute 'items'",
    ],
    [
      "a string for web_read's specification (read as its letters)",
      LINE,
      "web_read",
      [[2], "reference"],
      "ValueError: Invalid field 'r' on 'stock.move.line'",
      "ValueError: Invalid field 'r' on model 'stock.move.line'",
    ],
    [
      "true for a many2one's spec",
      LINE,
      "web_search_read",
      [D, { lot_id: true }],
      "TypeError: argument of type 'bool' is not iterable",
      "TypeError: argument of type 'bool' is not iterable",
    ],
    [
      "a list of names for a many2one's fields",
      LINE,
      "web_search_read",
      [D, { lot_id: { fields: ["name"] } }],
      "ValueError: dictionary update sequence element #0 has length 4; 2 is required",
      "ValueError: dictionary update sequence element #0 has length 4; 2 is required",
    ],
    [
      "a list of names for an x2many's fields",
      TEMPLATE,
      "web_read",
      [[2], { bom_ids: { fields: ["code"] } }],
      "AttributeError: 'list' object has no attribute 'items'",
      "AttributeError: 'list' object has no attribute 'items'",
    ],
    [
      "a string for an x2many's limit",
      TEMPLATE,
      "web_read",
      [[2], { bom_ids: { fields: {}, limit: "a" } }],
      "TypeError: slice indices must be integers or None or have an __index__ method",
      "TypeError: slice indices must be integers or None or have an __index__ method",
    ],
    [
      "a list for a field's context",
      TEMPLATE,
      "web_read",
      [[2], { bom_ids: { fields: {}, context: ["a"] } }],
      "TypeError: odoo.orm.models.BaseModel.with_context() argument after ** must be a mapping, not list",
      "TypeError: odoo.models.BaseModel.with_context() argument after ** must be a mapping, not list",
    ],
    [
      "an unknown field in an x2many's order",
      TEMPLATE,
      "web_read",
      [[2], { bom_ids: { order: "bogus" } }],
      "ValueError: Invalid field 'bogus' on model 'mrp.bom'",
      "ValueError: Invalid field 'bogus' on model 'mrp.bom'",
    ],
    [
      "an unknown field in the order",
      LINE,
      "web_search_read",
      [D, {}],
      "ValueError: Invalid field 'bogus' on model 'stock.move.line'",
      "ValueError: Invalid field 'bogus' on model 'stock.move.line'",
      { order: "bogus desc" },
    ],
  ] as [string, string, string, unknown[], string, string, Record<string, unknown>?][])(
    "%s",
    async (_title, model, method, args, on19, on17, kwargs = {}) => {
      expect(await fault(odoo19, model, method, args, kwargs)).toEqual([1, on19]);
      expect(await fault(odoo17, model, method, args, kwargs)).toEqual([1, on17]);
    },
  );

  it("raises MissingError (fault 2) when a relation of a deleted record is followed", async () => {
    const answer = await fault(odoo19, LINE, "web_read", [
      [2, 999999],
      { reference: {}, lot_id: { fields: { display_name: {} } } },
    ]);
    expect(answer).toEqual([
      2,
      "Record does not exist or has been deleted.\n(Record: stock.move.line(999999,), User: 2)",
    ]);
  });

  it.each([
    ["no specification", [D], {}, "missing 1 required positional argument: 'specification'"],
    ["nothing", [], {}, "missing 2 required positional arguments: 'domain' and 'specification'"],
    ["a field list", [D, {}], { fields: ["name"] }, "got an unexpected keyword argument 'fields'"],
    [
      "seven arguments",
      [D, {}, 0, 1, null, null, 7],
      {},
      "takes from 3 to 7 positional arguments but 8 were given",
    ],
  ])("binds arguments as Python does: %s", async (_title, args, kwargs, message) => {
    for (const emulator of [odoo19, odoo17]) {
      expect(await fault(emulator, LINE, "web_search_read", args, kwargs)).toEqual([
        1,
        `TypeError: Base.web_search_read() ${message}`,
      ]);
    }
  });

  it("binds web_read's records and specification as Python does", async () => {
    const call = (args: unknown[], kwargs = {}) => fault(odoo19, LINE, "web_read", args, kwargs);
    expect(await call([[2]])).toEqual([
      1,
      "TypeError: Base.web_read() missing 1 required positional argument: 'specification'",
    ]);
    expect(await call([[2], {}, 1])).toEqual([
      1,
      "TypeError: Base.web_read() takes 2 positional arguments but 3 were given",
    ]);
    expect(await call([[2], {}], { specification: {} })).toEqual([
      1,
      "TypeError: Base.web_read() got multiple values for argument 'specification'",
    ]);
    expect(await call([])).toEqual([1, "IndexError: list index out of range"]);
    expect(await fault(odoo17, LINE, "web_read", [])).toEqual([
      1,
      "IndexError: tuple index out of range",
    ]);
  });
});
