import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSerialLookup, type SerialLookup } from "../src/index.ts";
import { FixtureBuilder } from "./fixtures/builder.ts";
import { type Running, startOdoo } from "./helpers.ts";
import { measureWaves } from "./waves.ts";

/** Two serials sold the same way; one moved once, the other 50 times; orders of 1 and 40 lines. */
function fixture() {
  const b = new FixtureBuilder();
  const customer = b.partner("Acme AS");
  const camera = b.product("Huddly L1", "L1");
  const filler = Array.from({ length: 39 }, (_, i) => ({ product: b.product(`Accessory ${i}`) }));
  const small = b.order("S-SMALL", customer, [{ product: camera }]);
  const big = b.order("S-BIG", customer, [{ product: camera }, ...filler]);
  const once = b.lot("ONCE-1", camera);
  b.deliver(once, { date: "2024-02-01 10:00:00", order: small.id, line: small.lines[0] });
  const busy = b.lot("BUSY-1", camera);
  b.receive(busy, "2024-01-01 08:00:00");
  for (let i = 0; i < 48; i++) {
    b.internal(
      busy,
      `2024-01-${String(2 + Math.floor(i / 2)).padStart(2, "0")} ${String(8 + (i % 2)).padStart(2, "0")}:00:00`,
      i % 2 === 0 ? "shelf" : "stock",
    );
  }
  b.deliver(busy, { date: "2024-03-01 10:00:00", order: big.id, line: big.lines[0] });
  for (let i = 0; i < 18; i++) b.receive(b.lot(`EXTRA-${i}`, camera), "2024-01-01 08:00:00");
  return b.fixture();
}

const TWENTY = ["ONCE-1", "BUSY-1", "NOPE", ...Array.from({ length: 17 }, (_, i) => `EXTRA-${i}`)];

/** [plan, dependent round trips, Odoo requests per lookup (at most)] */
const PLANS = [
  ["nested", 1, 2],
  ["flat", 2, 8],
] as const;

describe.each(PLANS)("the %s query plan", (plan, rounds, requests) => {
  let odoo: Running;
  let lookup: SerialLookup;
  let meter: ReturnType<typeof measureWaves>;

  beforeAll(async () => {
    // Latency keeps concurrent calls visibly overlapping, so waves are unambiguous.
    odoo = await startOdoo(fixture(), 17, 15);
    meter = measureWaves(odoo.client);
    lookup = createSerialLookup(meter.client, { plan });
    await lookup.init();
  });
  afterAll(async () => {
    await odoo?.close();
  });

  async function measure(serials: string[], using = lookup) {
    meter.reset();
    odoo.client.resetStats();
    const results = await using.lookup(serials);
    return { results, waves: meter.waves(), rpcs: odoo.client.stats().calls };
  }

  it.each([
    ["one serial", ["ONCE-1"]],
    ["a serial with 50 moves", ["BUSY-1"]],
    ["20 serials", TWENTY],
  ])(
    `needs ${rounds} dependent round trip(s) and at most ${requests} requests for %s`,
    async (_what, serials) => {
      const { results, waves, rpcs } = await measure(serials);
      expect(results).toHaveLength(serials.length);
      expect(waves).toBe(rounds);
      expect(rpcs).toBeLessThanOrEqual(requests);
    },
  );

  it("makes as many requests for a serial moved 50 times on a 40-line order as for one moved once", async () => {
    const once = await measure(["ONCE-1"]);
    const busy = await measure(["BUSY-1"]);
    expect(once.results[0]?.history).toHaveLength(1);
    expect(busy.results[0]?.history).toHaveLength(50);
    expect(busy.results[0]?.sale_order?.name).toBe("S-BIG");
    expect(busy.rpcs).toBe(once.rpcs);
  });

  it("caps the history at historyLimit", async () => {
    const capped = createSerialLookup(odoo.client, { historyLimit: 5, plan });
    const [result] = await capped.lookup(["BUSY-1"]);
    expect(result?.history.map((entry) => entry.date)).toEqual([
      "2024-03-01T10:00:00Z",
      "2024-01-25T09:00:00Z",
      "2024-01-25T08:00:00Z",
      "2024-01-24T09:00:00Z",
      "2024-01-24T08:00:00Z",
    ]);
    // The delivery is found even when the history cap hides older moves.
    expect(result?.delivery?.date_done).toBe("2024-03-01T10:00:00Z");
  });

  it("asks again, one round trip more, for a serial crowded out of the shared history window", async () => {
    // Window of 2 x 5 lines: BUSY-1's ten newest moves are all newer than EXTRA-0's only one.
    const capped = createSerialLookup(meter.client, { historyLimit: 5, plan });
    await capped.init();
    const together = await measure(["BUSY-1", "EXTRA-0"], capped);
    expect(together.waves).toBe(rounds + 1);
    const alone = await measure(["EXTRA-0"], capped);
    expect(together.results[1]).toEqual(alone.results[0]);
    expect(together.results[1]?.history).toHaveLength(1);
  });

  it("makes no request for an empty request", async () => {
    const { results, rpcs } = await measure([]);
    expect(results).toEqual([]);
    expect(rpcs).toBe(0);
  });
});
