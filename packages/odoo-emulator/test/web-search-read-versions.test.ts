/**
 * web_search_read before 17 takes a field list (no specification) and there is no web_read.
 * The 16 answers are what a real Odoo 16.0 answered on the same data (test/fixtures/real-odoo.ts);
 * 14 and 15 follow their source (addons/web/models/models.py: no `count_limit` argument).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OdooVersion, type RunningEmulator, startEmulator } from "../src/index.ts";
import { admin, executeKw, lastLine, REAL_ODOO } from "./fixtures/real-odoo.ts";

const emulators = new Map<OdooVersion, RunningEmulator>();
beforeAll(async () => {
  for (const version of [14, 15, 16, 17, 18] as const) {
    emulators.set(version, await startEmulator({ odooVersion: version, fixture: REAL_ODOO }));
  }
});
afterAll(() => Promise.all([...emulators.values()].map((emulator) => emulator.close())));

const call = (version: OdooVersion, method: string, args: unknown[], kwargs = {}) =>
  executeKw(emulators.get(version)?.url ?? "", admin, "stock.move.line", method, args, kwargs);

const EVERY_CAL_LINE = [["lot_id.name", "=ilike", "CAL-%"]];
const CAL_0001 = [1, "CAL-0001"];

describe("web_search_read with a field list (Odoo 14-16)", () => {
  it.each([14, 15, 16] as const)(
    "on %i reads like search_read, many2one as [id, name]",
    async (version) => {
      const answer = await call(version, "web_search_read", [EVERY_CAL_LINE, ["lot_id", "state"]], {
        limit: 2,
        order: "id",
      });
      expect(answer.value).toEqual({
        length: 6,
        records: [
          { id: 1, lot_id: CAL_0001, state: "done" },
          { id: 2, lot_id: CAL_0001, state: "done" },
        ],
      });
    },
  );

  it("on 16 takes a specification for its field names and stops counting at count_limit", async () => {
    const answer = await call(
      16,
      "web_search_read",
      [EVERY_CAL_LINE, { lot_id: { fields: { name: {} } } }],
      {
        limit: 2,
        count_limit: 3,
        order: "id",
      },
    );
    expect(answer.value).toEqual({
      length: 3,
      records: [
        { id: 1, lot_id: CAL_0001 },
        { id: 2, lot_id: CAL_0001 },
      ],
    });
    const forced = await call(16, "web_search_read", [EVERY_CAL_LINE, ["state"]], {
      limit: 10,
      order: "id",
      count_limit: 5,
      context: { force_search_count: true },
    });
    expect(forced.value).toEqual({
      length: 5,
      records: [1, 2, 3, 4, 5, 6].map((id) => ({ id, state: "done" })),
    });
  });

  it("on 16 takes keyword arguments, and counts records plus offset for a page that is not full", async () => {
    const answer = await call(16, "web_search_read", [], {
      domain: EVERY_CAL_LINE,
      fields: ["state"],
      offset: 4,
      order: "id",
    });
    expect(answer.value).toEqual({
      length: 6,
      records: [
        { id: 5, state: "done" },
        { id: 6, state: "done" },
      ],
    });
  });

  it.each([
    [
      16,
      [EVERY_CAL_LINE],
      { specification: {} },
      "got an unexpected keyword argument 'specification'",
    ],
    [
      16,
      [EVERY_CAL_LINE, [], 0, 1, null, null, 7],
      {},
      "takes from 1 to 7 positional arguments but 8 were given",
    ],
    [
      15,
      [EVERY_CAL_LINE, []],
      { count_limit: 3 },
      "got an unexpected keyword argument 'count_limit'",
    ],
    [
      14,
      [EVERY_CAL_LINE, [], 0, 1, null, 7],
      {},
      "takes from 1 to 6 positional arguments but 7 were given",
    ],
  ] as const)("on %i binds arguments as Python does", async (version, args, kwargs, message) => {
    const answer = await call(version, "web_search_read", [...args], kwargs);
    expect(answer.fault?.faultCode).toBe(1);
    expect(lastLine(answer.fault?.faultString ?? "")).toBe(
      `TypeError: Base.web_search_read() ${message}`,
    );
  });

  it.each([14, 15, 16] as const)("on %i has no web_read", async (version) => {
    const answer = await call(version, "web_read", [[2], { reference: {} }]);
    expect(answer.fault?.faultCode).toBe(1);
    expect(lastLine(answer.fault?.faultString ?? "")).toMatch(/^AttributeError: .*'web_read'/);
  });
});

describe("web_search_read with a specification on 18", () => {
  it("answers as 17 and 19 do", async () => {
    const answer = await call(18, "web_search_read", [
      [["id", "=", 2]],
      { lot_id: { fields: { name: {} } }, picking_id: {} },
    ]);
    expect(answer.value).toEqual({
      length: 1,
      records: [{ id: 2, lot_id: { id: 1, name: "CAL-0001" }, picking_id: 1 }],
    });
  });
});
