import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSerialLookup,
  SERIAL_RESULT_SCHEMA,
  type SerialLookup,
  type SerialResult,
} from "../src/index.ts";
import { scenarioFixture } from "./fixtures/scenarios.ts";
import { type Running, startOdoo } from "./helpers.ts";

const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(SERIAL_RESULT_SCHEMA);

const NOT_FOUND = { found: false, lots: [], sale_order: null, customer: null, history: [] };

/** [what, serial asked, what the result must hold] */
const CASES: [string, string, Partial<SerialResult> | Record<string, unknown>][] = [
  [
    "a kit through the sale line",
    "KITLINE-1",
    {
      found: true,
      product_name: "Huddly L1 Kit",
      sale_order: expect.objectContaining({
        name: "S-KITLINE",
        lines: [
          { description: "Huddly L1 Kit", product: "Huddly L1 Kit", quantity: 1, price_unit: 1500 },
        ],
      }),
      delivery: expect.objectContaining({
        name: "WH/OUT/00001",
        carrier_tracking_ref: "TRK-KITLINE",
        origin: "S-KITLINE",
      }),
      returned: false,
    },
  ],
  [
    "a kit by name on the order",
    "KITNAME-1",
    {
      product_name: "Huddly L1 Kit",
      sale_order: expect.objectContaining({
        name: "S-KITNAME",
        // The order also sells the camera alone: that line is the serial's own.
        lines: [expect.objectContaining({ product: "Huddly L1" })],
      }),
    },
  ],
  ["no kit (Kitchenette is not the word Kit)", "NOKIT-1", { product_name: "Huddly GO" }],
  [
    "the customer's own address when the order has no separate one, state as Odoo names it",
    "NOKIT-1",
    {
      customer: expect.objectContaining({
        name: "Acme AS",
        delivery_address: expect.objectContaining({
          name: "Acme AS",
          city: "Oslo",
          state: "Oslo (NO)",
          country: "Norway",
        }),
      }),
    },
  ],
  [
    "a serial sold alone from an order that also holds a kit",
    "ALONE-1",
    {
      product_name: "Huddly IQ",
      sale_order: expect.objectContaining({
        lines: [
          { description: "Huddly IQ, spare", product: "Huddly IQ", quantity: 2, price_unit: 700 },
        ],
      }),
    },
  ],
  ["a serial Odoo does not know", "NOPE-404", NOT_FOUND],
  ["a lone %", "%", NOT_FOUND],
  ["an _ wildcard", "A_B2", NOT_FOUND],
  ["a prefix of a serial", "A1B", NOT_FOUND],
  [
    "a % inside a serial, matching only itself",
    "a%1",
    { found: true, lots: [expect.objectContaining({ name: "A%1" })] },
  ],
  ["a backslash", "w\\1", { found: true, lots: [expect.objectContaining({ name: "W\\1" })] }],
  [
    "a different case",
    "casesn-1",
    {
      serial_number: "casesn-1",
      found: true,
      lots: [expect.objectContaining({ name: "CaseSN-1" })],
    },
  ],
  [
    "one serial name on two products",
    "TWIN-1",
    {
      lots: [
        expect.objectContaining({
          ref: "second",
          product: expect.objectContaining({ name: "Huddly Bar", default_code: "BAR" }),
        }),
        expect.objectContaining({
          ref: null,
          product: expect.objectContaining({ name: "Huddly L1", default_code: "L1" }),
        }),
      ],
      product_name: "Huddly Bar, Huddly L1",
    },
  ],
  [
    "a serial returned and sold again (the new customer)",
    "RESOLD-1",
    {
      returned: false,
      return_picking: null,
      sale_order: expect.objectContaining({ name: "S-SECOND" }),
      customer: expect.objectContaining({ name: "Bob New" }),
      delivery: expect.objectContaining({ date_done: "2024-04-02T10:00:00Z" }),
    },
  ],
  [
    "a serial returned and not sold again",
    "RETURNED-1",
    {
      returned: true,
      return_picking: expect.objectContaining({ date_done: "2024-02-20T10:00:00Z" }),
      sale_order: expect.objectContaining({ name: "S-RETURNED" }),
      customer: expect.objectContaining({ name: "Carol Returner" }),
    },
  ],
  [
    "a serial with moves but no sale",
    "NOSALE-1",
    {
      found: true,
      sale_order: null,
      customer: null,
      delivery: null,
      returned: false,
      product_name: "Huddly L1",
    },
  ],
  [
    "an archived customer",
    "ARCHIVED-1",
    { customer: expect.objectContaining({ name: "Gone Customer AS" }) },
  ],
  [
    "a separate delivery address",
    "SHIP-1",
    {
      sale_order: expect.objectContaining({ client_order_ref: "PO-SHIP" }),
      customer: {
        name: "Acme AS",
        ref: "C-100",
        vat: "NO999888777",
        email: "post@acme.test",
        phone: "+47 22 00 00 00",
        delivery_address: {
          name: "Site Bergen",
          street: "Bryggen 2",
          street2: "Gate B",
          zip: "5003",
          city: "Bergen",
          state: null,
          country: "Norway",
        },
      },
    },
  ],
  [
    "non-ASCII names",
    "æøå-ß-1",
    {
      found: true,
      product_name: "Kamera Æøå",
      sale_order: expect.objectContaining({ name: "S-ÆØÅ" }),
      customer: expect.objectContaining({
        name: "Bjørn Ødegård",
        delivery_address: expect.objectContaining({ city: "Tromsø" }),
      }),
    },
  ],
];

/**
 * Every emulator profile over XML-RPC with the flat plan (one search_read per model), 17+ with
 * the nested plan (web_search_read) as well, and Odoo 19 over JSON-2 with both.
 */
const TARGETS = [
  ...([14, 15, 16, 17, 18, 19] as const).map((version) => [version, "xmlrpc", "flat"] as const),
  ...([17, 18, 19] as const).map((version) => [version, "xmlrpc", "nested"] as const),
  [19, "json2", "flat"] as const,
  [19, "json2", "nested"] as const,
];
const SERIALS = [...CASES.map(([, serial]) => serial), "RESOLD-1"];
/** What each target answered for SERIALS, compared across targets at the end. */
const answers = new Map<string, SerialResult[]>();

describe.each(TARGETS)(
  "lookup against the Odoo %i profile over %s, %s plan",
  (version, protocol, plan) => {
    let odoo: Running;
    let lookup: SerialLookup;

    beforeAll(async () => {
      odoo = await startOdoo(scenarioFixture().fixture(), version, 0, protocol);
      lookup = createSerialLookup(odoo.client, { plan });
      await lookup.init();
    });
    afterAll(async () => {
      if (lookup) answers.set(`${version}/${protocol}/${plan}`, await lookup.lookup(SERIALS));
      await odoo?.close();
    });

    it.each(CASES)("finds %s", async (_what, serial, expected) => {
      const [result] = await lookup.lookup([serial]);
      expect(result).toMatchObject({ serial_number: serial, ...expected });
      expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    });

    it("answers several serials in one request, in request order", async () => {
      const results = await lookup.lookup(["RESOLD-1", "NOPE-404", "KITLINE-1", "returned-1"]);
      expect(results.map((r) => [r.serial_number, r.found, r.sale_order?.name ?? null])).toEqual([
        ["RESOLD-1", true, "S-SECOND"],
        ["NOPE-404", false, null],
        ["KITLINE-1", true, "S-KITLINE"],
        ["returned-1", true, "S-RETURNED"],
      ]);
    });

    it("lists the history newest first with locations and operation types", async () => {
      const [result] = await lookup.lookup(["RESOLD-1"]);
      expect(result?.history).toEqual([
        {
          date: "2024-04-02T10:00:00Z",
          reference: "WH/OUT/00006",
          from: "WH/Stock",
          to: "Customers",
          operation: "Delivery Orders",
        },
        {
          date: "2024-03-01T10:00:00Z",
          reference: "WH/RET/00001",
          from: "Customers",
          to: "WH/Stock",
          operation: "Returns",
        },
        {
          date: "2024-01-02T10:00:00Z",
          reference: "WH/OUT/00005",
          from: "WH/Stock",
          to: "Customers",
          operation: "Delivery Orders",
        },
      ]);
    });
  },
);

describe("every profile, transport and plan", () => {
  it("gives identical results, field for field, for every scenario serial", () => {
    expect([...answers.keys()]).toEqual(
      TARGETS.map(([version, protocol, plan]) => `${version}/${protocol}/${plan}`),
    );
    const reference = answers.get("17/xmlrpc/nested");
    expect(reference?.filter((result) => result.found).length).toBeGreaterThan(10);
    for (const [target, results] of answers) {
      expect({ target, results }).toEqual({ target, results: reference });
    }
  });
});
