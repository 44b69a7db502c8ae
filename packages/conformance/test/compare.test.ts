import { describe, expect, it } from "vitest";
import { compareValues, describeMismatch } from "../src/run/compare.ts";
import { ANY_DATETIME } from "../src/run/expectations.ts";

describe("comparing a lookup's answer with the expected one", () => {
  it("finds nothing when every value matches, datetimes by their ISO form", () => {
    const expected = { name: "S00001", date: ANY_DATETIME, lines: [{ qty: 1 }] };
    expect(
      compareValues(expected, {
        name: "S00001",
        date: "2025-12-04T12:00:00Z",
        lines: [{ qty: 1 }],
      }),
    ).toEqual([]);
  });

  it("names each difference by its path", () => {
    const found = compareValues(
      { sale_order: { name: "S00001", lines: [{ qty: 1 }, { qty: 2 }] }, date: ANY_DATETIME },
      { sale_order: { name: "S00002", lines: [{ qty: 1 }] }, date: "2025-12-04 12:00:00" },
    );
    expect(found.map(describeMismatch)).toEqual([
      'sale_order.name: expected "S00001", got "S00002"',
      "sale_order.lines.length: expected 2, got 1",
      'date: expected "<any ISO datetime>", got "2025-12-04 12:00:00"',
    ]);
  });

  it("reports keys that are missing or unexpected, and null against a value", () => {
    const found = compareValues({ a: 1, b: null }, { a: 1, b: { x: 1 }, c: true });
    expect(found.map(describeMismatch)).toEqual([
      'b: expected null, got {"x":1}',
      "c: expected (missing), got true",
    ]);
  });
});
