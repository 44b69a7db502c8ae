/**
 * The bench's data set: typical serials (received, sold, delivered; some kits, some returned),
 * serials whose history has 1, 10, 100 and 500 moves, and background lots so searches have
 * something to skip. Deterministic: same data every run.
 */
import type { Fixture } from "@jsm-odoo/odoo-emulator";
import { FixtureBuilder } from "../test/fixtures/builder.ts";

export const HISTORY_SIZES = [1, 10, 100, 500] as const;

export interface BenchDataset {
  fixture: Fixture;
  /** Serials with a typical life: receipt, sale, delivery (some returned). */
  typical: string[];
  /** Serial by number of done moves in its history. */
  byHistory: Map<number, string>;
  counts: { lots: number; moveLines: number; orders: number; orderLines: number };
}

const pad = (n: number, width = 4) => String(n).padStart(width, "0");
const at = (day: number, hour = 8) =>
  new Date(Date.UTC(2024, 0, 1) + day * 86_400_000 + hour * 3_600_000)
    .toISOString()
    .replace("T", " ")
    .slice(0, 19);

export function buildDataset(typicalCount = 40, backgroundLots = 300): BenchDataset {
  const b = new FixtureBuilder();
  const customers = Array.from({ length: 10 }, (_, i) =>
    b.partner(`Customer ${i}`, {
      is_company: true,
      street: `Street ${i}`,
      city: "Oslo",
      zip: "0150",
      country_id: 1,
    }),
  );
  const camera = b.product("Huddly L1", "L1");
  const kit = b.kit("Huddly L1 Kit", [camera], "L1-KIT");
  const accessories = Array.from({ length: 8 }, (_, i) => b.product(`Accessory ${i}`, `ACC-${i}`));

  const typical: string[] = [];
  for (let i = 0; i < typicalCount; i++) {
    const serial = `TYP-${pad(i)}-X`;
    typical.push(serial);
    const customer = customers[i % customers.length] as number;
    const lines = [
      { product: i % 3 === 0 ? kit : camera },
      ...accessories.slice(0, 1 + (i % 4)).map((product) => ({ product })),
    ];
    const order = b.order(`SO${pad(i, 5)}`, customer, lines, { date_order: at(i, 9) });
    const lot = b.lot(serial, camera);
    b.receive(lot, at(i, 7));
    b.deliver(lot, { date: at(i + 1), order: order.id, line: order.lines[0], tracking: `TRK${i}` });
    if (i % 5 === 4) b.returnFromCustomer(lot, { date: at(i + 20), order: order.id });
  }

  const byHistory = new Map<number, string>();
  for (const size of HISTORY_SIZES) {
    const serial = `HIST-${pad(size)}-X`;
    byHistory.set(size, serial);
    const order = b.order(`SO-HIST-${size}`, customers[0] as number, [{ product: camera }], {
      date_order: at(100),
    });
    const lot = b.lot(serial, camera);
    if (size > 1) b.receive(lot, at(101, 0));
    for (let move = 0; move < size - 2; move++) {
      b.internal(
        lot,
        at(102 + Math.floor(move / 20), move % 20),
        move % 2 === 0 ? "shelf" : "stock",
      );
    }
    b.deliver(lot, { date: at(200), order: order.id, line: order.lines[0] });
  }

  for (let i = 0; i < backgroundLots; i++) {
    const lot = b.lot(`BG-${pad(i)}-X`, accessories[i % accessories.length] as number);
    b.receive(lot, at(i % 90, 6));
  }

  const count = (model: string) => b.records[model]?.length ?? 0;
  return {
    fixture: b.fixture("bench"),
    typical,
    byHistory,
    counts: {
      lots: count("stock.lot"),
      moveLines: count("stock.move.line"),
      orders: count("sale.order"),
      orderLines: count("sale.order.line"),
    },
  };
}
