import { describe, expect, it } from "vitest";
import { demoFixture, EmulatorError, validateFixture } from "../src/index.ts";
import { baseSchema } from "../src/schema/index.ts";

const problemsOf = (fixture: unknown): string[] => {
  try {
    validateFixture(fixture, baseSchema());
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorError);
    return [...(error as EmulatorError).problems];
  }
};

const withRecords = (records: Record<string, unknown[]>) => ({ db: "t", users: [], records });

describe("fixture validation", () => {
  it("accepts the demo fixture", () => {
    expect(problemsOf(demoFixture())).toEqual([]);
  });

  it.each([
    ["a non-object", 42, "fixture: expected a JSON object"],
    ["a missing db", { records: {} }, "db: expected a non-empty string"],
    [
      "a computed field",
      withRecords({ "stock.picking": [{ id: 1, picking_type_code: "outgoing" }] }),
      "records.stock.picking[0] (id 1).picking_type_code: computed field, omit it",
    ],
    [
      "a one2many field",
      withRecords({ "sale.order": [{ id: 1, order_line: [1] }] }),
      "records.sale.order[0] (id 1).order_line: one2many field, omit it",
    ],
    [
      "an unknown selection value",
      withRecords({ "stock.location": [{ id: 1, name: "X", usage: "shelf" }] }),
      'records.stock.location[0] (id 1).usage: expected one of "supplier", "view", "internal", "customer", "inventory", "production", "transit", got "shelf"',
    ],
    [
      "a bad datetime",
      withRecords({ "stock.lot": [{ id: 1, name: "A", create_date: "2024-01-01T10:00:00Z" }] }),
      'records.stock.lot[0] (id 1).create_date: expected YYYY-MM-DD HH:MM:SS (UTC), got "2024-01-01T10:00:00Z"',
    ],
    [
      "a dangling many2one",
      withRecords({ "stock.lot": [{ id: 1, name: "A", product_id: 5 }] }),
      "records.stock.lot[0] (id 1).product_id: no product.product record with id 5",
    ],
    [
      "a duplicate id",
      withRecords({ "res.country": [{ id: 1 }, { id: 1 }] }),
      "records.res.country[1] (id 1): duplicate id 1",
    ],
    [
      "an unknown model in user rights",
      { db: "t", users: [{ id: 2, login: "u", read: ["crm.lead"] }] },
      "users[0].read: unknown model 'crm.lead'",
    ],
  ])("reports %s", (_title, fixture, problem) => {
    expect(problemsOf(fixture)).toContain(problem);
  });

  it("accepts custom x_ fields and infers their type", () => {
    const schema = baseSchema();
    validateFixture(withRecords({ "sale.order": [], "stock.picking": [] }), schema);
    validateFixture(
      withRecords({ "res.partner": [{ id: 1, x_segment: "B2B", x_seats: 40, x_vip: true }] }),
      schema,
    );
    expect(schema["res.partner"]?.fields.x_segment).toMatchObject({ type: "char", manual: true });
    expect(schema["res.partner"]?.fields.x_seats).toMatchObject({ type: "integer", manual: true });
    expect(schema["res.partner"]?.fields.x_vip).toMatchObject({ type: "boolean", manual: true });
  });
});
