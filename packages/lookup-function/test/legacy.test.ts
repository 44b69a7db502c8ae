import type { SerialResult } from "@jsm-odoo/serial-lookup";
import { describe, expect, it } from "vitest";
import { LEGACY_KEYS, toLegacyKeys } from "../src/legacy.ts";

const sold: SerialResult = {
  serial_number: "52129A0001",
  found: true,
  lots: [
    {
      id: 1,
      name: "52129A0001",
      ref: null,
      product: { id: 7, name: "Huddly L1", default_code: "L1" },
      company: "Acme",
      create_date: "2024-01-01T00:00:00Z",
    },
  ],
  product_name: "Huddly L1 Kit",
  sale_order: {
    name: "SO4312",
    date_order: "2024-02-01T10:00:00Z",
    client_order_ref: null,
    state: "sale",
    lines: [
      { description: "Huddly L1 Kit", product: "Huddly L1 Kit", quantity: 2, price_unit: 999.5 },
      { description: "Spare cable", product: "Cable", quantity: 1, price_unit: 10 },
    ],
  },
  delivery: {
    name: "WH/OUT/0042",
    date_done: "2024-02-03T08:00:00Z",
    scheduled_date: null,
    carrier_tracking_ref: "TRK-1",
    origin: "SO4312",
  },
  returned: false,
  return_picking: null,
  customer: {
    name: "Fjord Meeting Rooms AS",
    ref: null,
    vat: null,
    email: null,
    phone: null,
    delivery_address: {
      name: "Fjord Meeting Rooms AS",
      street: "Storgata 1",
      street2: null,
      zip: "0155",
      city: "Oslo",
      state: null,
      country: "Norway",
    },
  },
  history: [],
  extra: { SentfromdatefromHapro: "2024-02-02", Trackingnumber: null },
};

describe("toLegacyKeys", () => {
  it("maps a sold serial to the earlier flat keys", () => {
    expect(toLegacyKeys(sold)).toEqual({
      SalesOrdernumber: "SO4312",
      Customerreference: "",
      Trackingnumber: "TRK-1",
      Productdescription: "Huddly L1 Kit",
      Productdescription2: "Huddly L1 Kit - Spare cable",
      Orderedquantity: 2,
      Unitprice: 999.5,
      Customer: "Fjord Meeting Rooms AS",
      StreetAddress: "Storgata 1",
      City: "Oslo",
      PostalCode: "0155",
      State: "",
      Country: "Norway",
    });
  });

  it("keeps every legacy key, in order, and leaves absent records null", () => {
    const unsold = { ...sold, sale_order: null, customer: null, delivery: null };
    const keys = toLegacyKeys(unsold);
    expect(Object.keys(keys)).toEqual([...LEGACY_KEYS]);
    expect(keys.SalesOrdernumber).toBeNull();
    expect(keys.Customer).toBeNull();
    expect(keys.City).toBeNull();
    expect(keys.Trackingnumber).toBeNull();
    expect(keys.Productdescription).toBe("Huddly L1 Kit");
  });

  it("adds configured extra keys and lets them replace a standard key", () => {
    const keys = toLegacyKeys(sold, [
      { key: "SentfromdatefromHapro", model: "sale.order", field: "x_sent_hapro" },
      { key: "Trackingnumber", model: "sale.order", field: "x_tracking_no" },
    ]);
    expect(keys.SentfromdatefromHapro).toBe("2024-02-02");
    // The order exists but its custom field is empty: Odoo's false became "" before.
    expect(keys.Trackingnumber).toBe("");
  });

  it("leaves an extra key null when its record is absent", () => {
    const keys = toLegacyKeys({ ...sold, sale_order: null }, [
      { key: "SentfromdatefromHapro", model: "sale.order", field: "x_sent_hapro" },
    ]);
    expect(keys.SentfromdatefromHapro).toBeNull();
  });
});
