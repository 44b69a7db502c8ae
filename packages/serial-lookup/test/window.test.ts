import type { OdooRecord } from "@jsm-odoo/odoo-client";
import { describe, expect, it } from "vitest";
import { splitWindow } from "../src/plan/window.ts";

/** A done move line of lot `lot` (id) with a destination kind, newest first by id. */
const line = (id: number, lot: [number, string], to = "internal", from = "internal") => ({
  id,
  lot_id: lot,
  to,
  from,
});
const A: [number, string] = [1, "A-1"];
const B: [number, string] = [2, "B-1"];
const lotsById = new Map<number, OdooRecord>([
  [1, { id: 1, name: "A-1" }],
  [2, { id: 2, name: "B-1" }],
]);
const crossing = (record: OdooRecord) => ({
  intoCustomer: record.to === "customer",
  outOfCustomer: record.from === "customer" && record.to !== "customer",
});
const options = (historyLimit: number, full: boolean) => ({
  historyLimit,
  full,
  lotsById,
  crossing,
});

describe("splitting the shared move-line window", () => {
  it("gives each serial its own lines, capped, with its latest delivery and return", () => {
    const lines = [
      line(9, A, "internal", "customer"),
      line(8, B, "customer"),
      line(7, A, "customer"),
      line(6, A),
    ];
    const { moves, incomplete } = splitWindow(["a-1", "B-1"], lines, options(2, false));
    expect(moves[0]?.history.map((l) => l.id)).toEqual([9, 7]);
    expect(moves[0]?.deliveries.map((l) => l.id)).toEqual([7]);
    expect(moves[0]?.returns.map((l) => l.id)).toEqual([9]);
    expect(moves[1]?.deliveries.map((l) => l.id)).toEqual([8]);
    expect(incomplete).toEqual([]);
  });

  it("finds the latest delivery past the history cap when it is still in the window", () => {
    const lines = [line(9, A), line(8, A), line(7, A, "customer")];
    const { moves, incomplete } = splitWindow(["A-1"], lines, options(2, true));
    expect(moves[0]?.history).toHaveLength(2);
    expect(moves[0]?.deliveries.map((l) => l.id)).toEqual([7]);
    expect(incomplete).toEqual([]);
  });

  it("marks a full window's serials with fewer lines than the cap, or no delivery, as cut short", () => {
    const lines = [line(9, A, "customer"), line(8, A), line(7, B, "customer")];
    expect(splitWindow(["A-1", "B-1"], lines, options(2, true)).incomplete).toEqual([1]);
    const noDelivery = [line(9, A), line(8, A)];
    expect(splitWindow(["A-1"], noDelivery, options(2, true)).incomplete).toEqual([0]);
    expect(splitWindow(["A-1"], noDelivery, options(2, false)).incomplete).toEqual([]);
  });

  it("attributes a line by its lot's own name, the label only when the lot was not read", () => {
    const decorated: [number, string] = [1, "A-1 (Huddly)"];
    const unknown: [number, string] = [3, "b-1"];
    const { moves } = splitWindow(
      ["A-1", "B-1"],
      [line(2, decorated), line(1, unknown)],
      options(5, false),
    );
    expect(moves.map((serial) => serial.history.map((l) => l.id))).toEqual([[2], [1]]);
  });
});
