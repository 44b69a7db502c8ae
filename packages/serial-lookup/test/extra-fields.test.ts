import { describe, expect, it } from "vitest";
import { parseExtraFields } from "../src/index.ts";

describe("parseExtraFields", () => {
  it("maps output keys to model and field", () => {
    expect(
      parseExtraFields(
        '{"Trackingnumber": "sale.order:x_tracking_no", "Carrier": "stock.picking:carrier_id"}',
      ),
    ).toEqual([
      { key: "Trackingnumber", model: "sale.order", field: "x_tracking_no" },
      { key: "Carrier", model: "stock.picking", field: "carrier_id" },
    ]);
  });

  it("treats an empty setting as no extra fields", () => {
    expect(parseExtraFields("  ")).toEqual([]);
  });

  it("rejects invalid JSON with one clear message", () => {
    expect(() => parseExtraFields("{nope")).toThrow(
      expect.objectContaining({
        code: "EXTRA_FIELDS_INVALID",
        message: expect.stringMatching(/not valid JSON/),
      }),
    );
  });

  it("rejects an array", () => {
    expect(() => parseExtraFields('["sale.order:x"]')).toThrow(/must be a JSON object/);
  });

  it("lists every problem, one line each", () => {
    let message = "";
    try {
      parseExtraFields(
        '{"A": "account.move:x_a", "B": 3, "C": "sale.order:X-Bad", "": "sale.order:x_c"}',
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "Extra fields configuration is invalid:",
      '- "A": model must be one of sale.order, sale.order.line, stock.picking, stock.lot, res.partner in "account.move:x_a"',
      '- "B": expected a string "model:field"',
      '- "C": "X-Bad" is not an Odoo field name',
      '- output key "" must be 1 to 64 characters',
    ]);
  });
});
