import type { OdooRecord } from "@jsm-odoo/odoo-client";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { type AssembleSettings, assembleResults } from "../src/assemble.ts";
import { emptyFetchedData, type FetchedData } from "../src/fetched.ts";
import { isKitName, SERIAL_RESULT_SCHEMA } from "../src/index.ts";

// Plain records as search_read returns them: many2one as [id, display_name], empty as false.
const STOCK: [number, string] = [8, "WH/Stock"];
const CUSTOMERS: [number, string] = [5, "Partners/Customers"];
const DELIVERY_TYPE: [number, string] = [2, "WH: Delivery Orders"];
const RETURN_TYPE: [number, string] = [3, "WH: Returns"];
const settings: AssembleSettings = {
  extraFields: [],
  server: { carrierTrackingRef: true, moveLineUsage: true, extra: {} },
};

interface Scenario {
  serial?: string;
  lotName?: string;
  /** Sale line the delivery move was made for. */
  saleLine?: OdooRecord;
  lines?: readonly OdooRecord[];
  returned?: boolean;
}

function line(id: number, product: string, extra: Partial<OdooRecord> = {}): OdooRecord {
  return {
    id,
    order_id: [30, "S00030"],
    product_id: [100 + id, product],
    name: product,
    product_uom_qty: 1,
    price_unit: 99.5,
    ...extra,
  };
}

/** One serial, delivered in WH/OUT/0001 for S00030, optionally returned afterwards. */
function scenario(options: Scenario = {}): FetchedData {
  const lotName = options.lotName ?? "SN-1";
  const data = emptyFetchedData(1);
  data.lots = [
    {
      id: 1,
      name: lotName,
      ref: false,
      product_id: [10, "[CAM-1] Huddly L1"],
      company_id: [1, "My Company"],
      create_date: "2024-01-01 08:00:00",
    },
  ];
  data.products = [{ id: 10, name: "Huddly L1", default_code: "CAM-1" }];
  const delivery: OdooRecord = {
    id: 11,
    date: "2024-02-01 10:00:00",
    reference: "WH/OUT/0001",
    lot_id: [1, lotName],
    product_id: [10, "[CAM-1] Huddly L1"],
    picking_id: [21, "WH/OUT/0001"],
    move_id: [41, "WH/OUT/0001"],
    location_id: STOCK,
    location_dest_id: CUSTOMERS,
  };
  const back: OdooRecord = {
    ...delivery,
    id: 12,
    date: "2024-03-01 10:00:00",
    reference: "WH/RET/0001",
    picking_id: [22, "WH/RET/0001"],
    move_id: [42, "WH/RET/0001"],
    location_id: CUSTOMERS,
    location_dest_id: STOCK,
  };
  data.history = [options.returned ? [back, delivery] : [delivery]];
  data.deliveries = [[delivery]];
  data.returns = [options.returned ? [back] : []];
  data.moves = [
    {
      id: 41,
      picking_type_id: DELIVERY_TYPE,
      sale_line_id: options.saleLine ? [options.saleLine.id, "S00030 - x"] : false,
    },
    { id: 42, picking_type_id: RETURN_TYPE, sale_line_id: false },
  ];
  data.pickings = [
    {
      id: 21,
      name: "WH/OUT/0001",
      date_done: "2024-02-01 10:00:00",
      scheduled_date: "2024-01-31 09:00:00",
      origin: "S00030",
      sale_id: [30, "S00030"],
      carrier_tracking_ref: "TRACK-1",
      state: "done",
    },
    {
      id: 22,
      name: "WH/RET/0001",
      date_done: "2024-03-01 10:00:00",
      origin: "Return of WH/OUT/0001",
    },
  ];
  data.orders = [
    {
      id: 30,
      name: "S00030",
      date_order: "2024-01-30 12:00:00",
      client_order_ref: "PO-77",
      state: "sale",
      partner_id: [50, "Acme"],
      partner_shipping_id: [51, "Acme, Warehouse"],
    },
  ];
  data.orderLines = [...(options.saleLine ? [options.saleLine] : []), ...(options.lines ?? [])];
  data.partners = [
    { id: 50, name: "Acme", ref: "C-1", vat: "NO123", email: "a@acme.test", phone: false },
    {
      id: 51,
      name: "Warehouse",
      street: "Kaigata 1",
      street2: false,
      zip: "0150",
      city: "Oslo",
      state_id: false,
      country_id: [160, "Norway"],
    },
  ];
  return data;
}

const one = (data: FetchedData, serial = "SN-1", s = settings) => {
  const [result] = assembleResults([serial], data, s);
  if (!result) throw new Error("no result");
  return result;
};

describe("product_name", () => {
  it.each([
    [
      "the product of the sale line the delivery move was made for (a kit sold as phantom BoM)",
      { saleLine: line(1, "[KIT-1] Huddly L1 Kit") },
      "Huddly L1 Kit",
    ],
    [
      "the serial's own line even when the order also holds a kit",
      { saleLine: line(1, "[CAM-1] Huddly L1"), lines: [line(2, "Huddly L1 Kit")] },
      "Huddly L1",
    ],
    [
      "whole-word Kit products of the order when the move has no sale line",
      {
        lines: [
          line(2, "[K2] Huddly L1 Kit"),
          line(3, "Room kit pro"),
          line(4, "Kitchenette shelf"),
        ],
      },
      "Huddly L1 Kit, Room kit pro",
    ],
    [
      "the serial's own product when there is no kit",
      { lines: [line(4, "Kitchenette shelf")] },
      "Huddly L1",
    ],
  ] as const)("is %s", (_name, options, expected) => {
    expect(one(scenario(options)).product_name).toBe(expected);
  });

  it.each([
    ["Huddly L1 Kit", true],
    ["KIT Huddly", true],
    ["Starter-kit", true],
    ["Kitchenette shelf", false],
    ["Toolkit", false],
    ["Kitå", false],
  ])("isKitName(%s) is %s", (name, expected) => {
    expect(isKitName(name)).toBe(expected);
  });
});

describe("assembleResults", () => {
  it("builds the full result of a delivered serial", () => {
    const result = one(scenario({ saleLine: line(1, "[CAM-1] Huddly L1") }), "sn-1");
    expect(result).toEqual({
      serial_number: "sn-1",
      found: true,
      lots: [
        {
          id: 1,
          name: "SN-1",
          ref: null,
          product: { id: 10, name: "Huddly L1", default_code: "CAM-1" },
          company: "My Company",
          create_date: "2024-01-01T08:00:00Z",
        },
      ],
      product_name: "Huddly L1",
      sale_order: {
        name: "S00030",
        date_order: "2024-01-30T12:00:00Z",
        client_order_ref: "PO-77",
        state: "sale",
        lines: [
          { description: "[CAM-1] Huddly L1", product: "Huddly L1", quantity: 1, price_unit: 99.5 },
        ],
      },
      delivery: {
        name: "WH/OUT/0001",
        date_done: "2024-02-01T10:00:00Z",
        scheduled_date: "2024-01-31T09:00:00Z",
        carrier_tracking_ref: "TRACK-1",
        origin: "S00030",
      },
      returned: false,
      return_picking: null,
      customer: {
        name: "Acme",
        ref: "C-1",
        vat: "NO123",
        email: "a@acme.test",
        phone: null,
        delivery_address: {
          name: "Warehouse",
          street: "Kaigata 1",
          street2: null,
          zip: "0150",
          city: "Oslo",
          state: null,
          country: "Norway",
        },
      },
      history: [
        {
          date: "2024-02-01T10:00:00Z",
          reference: "WH/OUT/0001",
          from: "WH/Stock",
          to: "Partners/Customers",
          operation: "WH: Delivery Orders",
        },
      ],
      extra: {},
    });
  });

  it("lists the kit lines as the serial's lines when its move has no sale line and no line has its product", () => {
    const result = one(scenario({ lines: [line(2, "[K2] Huddly L1 Kit"), line(3, "Cable")] }));
    expect(result.sale_order?.lines.map((l) => l.product)).toEqual(["Huddly L1 Kit"]);
  });

  it("marks a serial whose latest move came back from a customer as returned", () => {
    const result = one(scenario({ returned: true }));
    expect(result.returned).toBe(true);
    expect(result.return_picking).toEqual({
      name: "WH/RET/0001",
      date_done: "2024-03-01T10:00:00Z",
      origin: "Return of WH/OUT/0001",
    });
    expect(result.history.map((entry) => entry.operation)).toEqual([
      "WH: Returns",
      "WH: Delivery Orders",
    ]);
    // Not re-sold: the order and customer of the delivery it came back from stay visible.
    expect(result.sale_order?.name).toBe("S00030");
  });

  it("attributes move lines by lot id even when the lot's display name is decorated by a module", () => {
    const data = scenario();
    data.history = [
      (data.history[0] ?? []).map((line) => ({ ...line, lot_id: [1, "SN-1 (Huddly L1)"] })),
    ];
    data.deliveries = [
      (data.deliveries[0] ?? []).map((line) => ({ ...line, lot_id: [1, "SN-1 (Huddly L1)"] })),
    ];
    const result = one(data);
    expect(result.history).toHaveLength(1);
    expect(result.delivery?.name).toBe("WH/OUT/0001");
    // A line of another lot with a decorated name stays out.
    data.history = [[{ ...(data.history[0]?.[0] as OdooRecord), lot_id: [2, "SN-1 (Other)"] }]];
    expect(one(data).history).toEqual([]);
  });

  it("stays returned when internal moves follow the return (returns location -> stock)", () => {
    const data = scenario({ returned: true });
    const [history] = data.history;
    const putAway: OdooRecord = {
      ...(history?.[0] as OdooRecord),
      id: 13,
      date: "2024-03-02 08:00:00",
      reference: "WH/INT/0001",
      picking_id: [23, "WH/INT/0001"],
      location_id: [9, "WH/Returns"],
      location_dest_id: STOCK,
    };
    data.history = [[putAway, ...(history ?? [])]];
    const result = one(data);
    expect(result.returned).toBe(true);
    expect(result.return_picking?.name).toBe("WH/RET/0001");
  });

  it.each([
    ["the return has the higher id", 12, true],
    ["the delivery has the higher id", 10, false],
  ])("breaks a date tie between return and delivery by id (%s)", (_what, returnId, returned) => {
    const data = scenario({ returned: true });
    const back = data.returns[0]?.[0] as OdooRecord;
    data.returns = [[{ ...back, id: returnId, date: "2024-02-01 10:00:00" }]];
    expect(one(data).returned).toBe(returned);
  });

  it("hides the carrier tracking reference where the server has no such field", () => {
    const noDelivery = {
      ...settings,
      server: { carrierTrackingRef: false, moveLineUsage: true, extra: {} },
    };
    expect(one(scenario(), "SN-1", noDelivery).delivery?.carrier_tracking_ref).toBeNull();
  });

  it("never attributes records of a differently named lot (ilike is not trusted alone)", () => {
    const result = one(scenario({ lotName: "SN-10" }), "SN-1");
    expect(result).toMatchObject({ found: false, lots: [], history: [], sale_order: null });
  });

  it("returns a not-found result with every key present", () => {
    expect(assembleResults(["nope"], emptyFetchedData(1), settings)).toEqual([
      {
        serial_number: "nope",
        found: false,
        lots: [],
        product_name: null,
        sale_order: null,
        delivery: null,
        returned: false,
        return_picking: null,
        customer: null,
        history: [],
        extra: {},
      },
    ]);
  });

  it("copies configured extra fields by their fields_get type, null where missing", () => {
    const data = scenario();
    Object.assign(data.orders[0] as OdooRecord, {
      x_tracking_no: "TN-9",
      x_sent: false,
      x_carrier: [3, "DHL"],
    });
    const withExtra: AssembleSettings = {
      extraFields: [
        { key: "Trackingnumber", model: "sale.order", field: "x_tracking_no" },
        { key: "Sent", model: "sale.order", field: "x_sent" },
        { key: "Carrier", model: "sale.order", field: "x_carrier" },
        { key: "Missing", model: "stock.picking", field: "x_gone" },
      ],
      server: {
        carrierTrackingRef: true,
        moveLineUsage: true,
        extra: {
          "sale.order": { x_tracking_no: "char", x_sent: "boolean", x_carrier: "many2one" },
        },
      },
    };
    expect(one(data, "SN-1", withExtra).extra).toEqual({
      Trackingnumber: "TN-9",
      Sent: false,
      Carrier: "DHL",
      Missing: null,
    });
  });

  it("produces results that satisfy SERIAL_RESULT_SCHEMA", () => {
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(
      SERIAL_RESULT_SCHEMA,
    );
    const results = [
      one(scenario({ saleLine: line(1, "Kit") })),
      one(scenario({ returned: true })),
      ...assembleResults(["x"], emptyFetchedData(1), settings),
    ];
    for (const result of results) {
      expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ ...results[0], unexpected: 1 })).toBe(false);
  });
});
