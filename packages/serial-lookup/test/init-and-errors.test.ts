import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSerialLookup, parseExtraFields, SerialLookupError } from "../src/index.ts";
import { FixtureBuilder } from "./fixtures/builder.ts";
import { type Running, startOdoo } from "./helpers.ts";
import { measureWaves } from "./waves.ts";

/** One delivered serial whose order and picking carry instance-specific x_ fields. */
function fixture() {
  const b = new FixtureBuilder();
  const customer = b.partner("Acme AS", { x_customer_group: "gold" });
  const camera = b.product("Huddly L1", "L1");
  const order = b.order("S-EXTRA", customer, [{ product: camera }], {
    x_tracking_no: "TN-1",
    x_priority: 3,
  });
  const lot = b.lot("EXTRA-1", camera, { ref: "R-1" });
  const picking = b.deliver(lot, {
    date: "2024-02-01 10:00:00",
    order: order.id,
    line: order.lines[0],
  });
  b.set("stock.picking", picking, { x_sent_from: "BGL" });
  return b.fixture();
}

const CONFIG = parseExtraFields(
  JSON.stringify({
    Trackingnumber: "sale.order:x_tracking_no",
    Priority: "sale.order:x_priority",
    SentfromBGL: "stock.picking:x_sent_from",
    Group: "res.partner:x_customer_group",
    LotRef: "stock.lot:ref",
    LotProduct: "stock.lot:product_id",
    Quantity: "sale.order.line:product_uom_qty",
    Missing: "sale.order:x_not_on_this_server",
  }),
);

/** [profile, the plan auto picks there, its dependent round trips, a model it reads] */
const PROFILES = [
  [16, "flat", 2, "sale.order"],
  [19, "nested", 1, "stock.move.line"],
] as const;

describe.each(PROFILES)(
  "extra fields and failures on Odoo %i (%s plan)",
  (version, _plan, rounds, model) => {
    let odoo: Running;

    beforeAll(async () => {
      odoo = await startOdoo(fixture(), version);
    });
    afterAll(async () => {
      await odoo?.close();
    });

    it("reports a configured field missing on the server once, at init, and leaves it null", async () => {
      const warnings: string[] = [];
      const lookup = createSerialLookup(odoo.client, {
        extraFields: CONFIG,
        onWarning: (w) => warnings.push(w),
      });
      await lookup.init();
      await lookup.init();
      const [first] = await lookup.lookup(["EXTRA-1"]);
      await lookup.lookup(["EXTRA-1"]);
      expect(warnings).toEqual([
        'Extra field "Missing": sale.order has no field "x_not_on_this_server" on this Odoo server; it stays null',
      ]);
      expect(lookup.warnings()).toEqual(warnings);
      expect(first?.extra).toEqual({
        Trackingnumber: "TN-1",
        Priority: 3,
        SentfromBGL: "BGL",
        Group: "gold",
        LotRef: "R-1",
        LotProduct: "[L1] Huddly L1",
        Quantity: 1,
        Missing: null,
      });
    });

    it(`asks fields_get only once, and lookups stay at ${rounds} dependent round trip(s) with extra fields`, async () => {
      const meter = measureWaves(odoo.client);
      const lookup = createSerialLookup(meter.client, { extraFields: CONFIG });
      await lookup.lookup(["EXTRA-1"]);
      meter.reset();
      await lookup.lookup(["EXTRA-1"]);
      expect(meter.calls().filter((call) => call.endsWith("fieldsGet"))).toEqual([]);
      expect(meter.waves()).toBe(rounds);
    });

    it("turns an Odoo failure into SerialLookupError ODOO_FAILED with the OdooError as cause", async () => {
      const lookup = createSerialLookup(odoo.client);
      await lookup.init();
      odoo.emulator.faults.inject({
        match: { model },
        kind: {
          fault: { code: 4, string: "You are not allowed to access 'Sales Order' records." },
        },
        times: 1,
      });
      const error = await lookup.lookup(["EXTRA-1"]).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SerialLookupError);
      expect(error).toMatchObject({
        code: "ODOO_FAILED",
        message: expect.stringMatching(/^Odoo lookup failed: Odoo denied access/),
        cause: expect.objectContaining({ code: "ODOO_ACCESS_DENIED" }),
      });
      // The next request is answered normally.
      const [result] = await lookup.lookup(["EXTRA-1"]);
      expect(result?.sale_order?.name).toBe("S-EXTRA");
    });

    it("rejects a history limit outside 1..500", () => {
      expect(() => createSerialLookup(odoo.client, { historyLimit: 0 })).toThrow(TypeError);
      expect(() => createSerialLookup(odoo.client, { historyLimit: 501 })).toThrow(TypeError);
    });
  },
);
