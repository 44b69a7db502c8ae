/**
 * Edge cases of the lookup's rules that the main scenarios do not cover, each against the
 * emulator: multi-step routes, returns to a returns location, date ties, kits delivered in
 * several pickings, long orders, and one serial name sold twice on two products.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSerialLookup, type SerialLookup, type SerialResult } from "../src/index.ts";
import { FixtureBuilder } from "./fixtures/builder.ts";
import { type Running, startOdoo } from "./helpers.ts";

const CUSTOMERS = 2;
const STOCK = 4;
const INTERNAL_TYPE = 4;
const DELIVERY_TYPE = 2;
const RETURN_TYPE = 3;

function edgeCases() {
  const b = new FixtureBuilder();
  const returnsLocation = b.add("stock.location", {
    name: "Returns",
    usage: "internal",
    location_id: 3,
  });
  const packing = b.add("stock.location", {
    name: "Packing Zone",
    usage: "internal",
    location_id: 3,
  });
  const output = b.add("stock.location", { name: "Output", usage: "internal", location_id: 3 });
  const alice = b.partner("Alice AS");
  const bob = b.partner("Bob AB");
  const camera = b.product("Huddly L1", "L1");
  const mic = b.product("Huddly Mic", "MIC");
  const bar = b.product("Huddly Bar", "BAR");
  const kit = b.kit("Huddly L1 Kit", [camera, mic], "L1-KIT");

  // Pick -> pack -> out: every step carries the sale line; only the out reaches a customer.
  {
    const order = b.order("S-3STEP", alice, [{ product: camera }]);
    const lot = b.lot("3STEP-1", camera);
    const step = { order: order.id, line: order.lines[0] };
    b.receive(lot, "2024-03-01 08:00:00");
    b.move(lot, INTERNAL_TYPE, STOCK, packing, { ...step, date: "2024-03-02 08:00:00" });
    b.move(lot, INTERNAL_TYPE, packing, output, { ...step, date: "2024-03-02 09:00:00" });
    b.move(lot, DELIVERY_TYPE, output, CUSTOMERS, {
      ...step,
      date: "2024-03-02 10:00:00",
      tracking: "TRK-3STEP",
    });
  }
  // Returned into a returns location, then put away into stock by an internal transfer.
  {
    const order = b.order("S-RETINT", alice, [{ product: camera }]);
    const lot = b.lot("RETINT-1", camera);
    b.deliver(lot, { date: "2024-03-03 10:00:00", order: order.id, line: order.lines[0] });
    b.move(lot, RETURN_TYPE, CUSTOMERS, returnsLocation, {
      date: "2024-03-10 10:00:00",
      order: order.id,
    });
    b.move(lot, INTERNAL_TYPE, returnsLocation, STOCK, { date: "2024-03-11 10:00:00" });
  }
  // A return recorded at the very second of the delivery: the later record (higher id) wins.
  {
    const order = b.order("S-TIE", alice, [{ product: camera }]);
    const lot = b.lot("TIE-1", camera);
    b.deliver(lot, { date: "2024-03-04 10:00:00", order: order.id, line: order.lines[0] });
    b.returnFromCustomer(lot, { date: "2024-03-04 10:00:00", order: order.id });
  }
  // A kit whose two serial components leave in two pickings, both for the kit's line.
  {
    const order = b.order("S-KIT2", bob, [{ product: kit, price: 2000 }]);
    const cameraLot = b.lot("KIT2-CAM", camera);
    const micLot = b.lot("KIT2-MIC", mic);
    b.deliver(cameraLot, { date: "2024-03-05 10:00:00", order: order.id, line: order.lines[0] });
    b.deliver(micLot, { date: "2024-03-07 10:00:00", order: order.id, line: order.lines[0] });
  }
  // A long order: 25 lines named like "kit" (ilike) before the serial's own line.
  {
    const shelves = Array.from({ length: 25 }, (_, i) => ({
      product: b.product(`Kitchenette shelf ${i}`),
    }));
    const order = b.order("S-LONG", alice, [...shelves, { product: camera, price: 999 }]);
    const lot = b.lot("LONG-1", camera);
    b.deliver(lot, { date: "2024-03-06 10:00:00", order: order.id, line: order.lines[25] });
  }
  // One serial name on two products, each sold in its own order: the latest delivery decides.
  {
    const first = b.order("S-TWIN-A", alice, [{ product: camera }]);
    const second = b.order("S-TWIN-B", bob, [{ product: bar }]);
    const cameraLot = b.lot("TWINSOLD-1", camera);
    const barLot = b.lot("TWINSOLD-1", bar);
    b.deliver(cameraLot, { date: "2024-03-08 10:00:00", order: first.id, line: first.lines[0] });
    b.deliver(barLot, { date: "2024-03-09 10:00:00", order: second.id, line: second.lines[0] });
  }
  return b.fixture();
}

describe.each([
  [14, "flat"],
  [17, "flat"],
  [17, "nested"],
] as const)("lookup edge cases on the Odoo %i profile, %s plan", (version, plan) => {
  let odoo: Running;
  let lookup: SerialLookup;
  const one = async (serial: string): Promise<SerialResult> => {
    const [result] = await lookup.lookup([serial]);
    if (!result) throw new Error("no result");
    return result;
  };

  beforeAll(async () => {
    odoo = await startOdoo(edgeCases(), version);
    lookup = createSerialLookup(odoo.client, { plan });
    await lookup.init();
  });
  afterAll(async () => {
    await odoo?.close();
  });

  it("counts only the final out to a customer as the delivery of a pick-pack-out route", async () => {
    const result = await one("3STEP-1");
    expect(result.delivery).toMatchObject({
      date_done: "2024-03-02T10:00:00Z",
      carrier_tracking_ref: "TRK-3STEP",
    });
    expect(result.history.map((entry) => entry.to)).toEqual([
      "Customers",
      "WH/Output",
      "WH/Packing Zone",
      "WH/Stock",
    ]);
    expect(result.returned).toBe(false);
    expect(result.sale_order?.name).toBe("S-3STEP");
  });

  it("keeps a serial returned into a returns location returned after it is put away", async () => {
    const result = await one("RETINT-1");
    expect(result.history[0]).toMatchObject({ from: "WH/Returns", to: "WH/Stock" });
    expect(result.returned).toBe(true);
    expect(result.return_picking).toMatchObject({
      name: expect.stringMatching(/^WH\/RET\//),
      date_done: "2024-03-10T10:00:00Z",
    });
    expect(result.sale_order?.name).toBe("S-RETINT");
    expect(result.customer?.name).toBe("Alice AS");
  });

  it("breaks a date tie between delivery and return by record id, as Odoo's order 'date desc, id desc'", async () => {
    const result = await one("TIE-1");
    expect(result.returned).toBe(true);
    expect(result.history.map((entry) => entry.operation)).toEqual(["Returns", "Delivery Orders"]);
    // Deterministic: the same answer every time.
    expect(await one("TIE-1")).toEqual(result);
  });

  it.each([
    ["KIT2-CAM", "2024-03-05T10:00:00Z"],
    ["KIT2-MIC", "2024-03-07T10:00:00Z"],
  ])("names the kit for %s and reports that component's own picking", async (serial, date) => {
    const result = await one(serial);
    expect(result.product_name).toBe("Huddly L1 Kit");
    expect(result.delivery?.date_done).toBe(date);
    expect(result.sale_order?.lines).toEqual([
      { description: "Huddly L1 Kit", product: "Huddly L1 Kit", quantity: 1, price_unit: 2000 },
    ]);
  });

  it("reports only the serial's line of a long order full of 'kit'-like names", async () => {
    const result = await one("LONG-1");
    expect(result.product_name).toBe("Huddly L1");
    expect(result.sale_order?.lines).toEqual([
      { description: "Huddly L1", product: "Huddly L1", quantity: 1, price_unit: 999 },
    ]);
  });

  it("takes order, customer and product name from the latest delivery when one name is on two sold lots", async () => {
    const result = await one("TWINSOLD-1");
    expect(result.lots.map((lot) => lot.product?.name)).toEqual(["Huddly Bar", "Huddly L1"]);
    expect(result.sale_order?.name).toBe("S-TWIN-B");
    expect(result.customer?.name).toBe("Bob AB");
    expect(result.product_name).toBe("Huddly Bar");
  });
});
