import type { SerialResult } from "@jsm-odoo/serial-lookup";
import { describe, expect, it } from "vitest";
import { ANY_DATETIME, expectedRequests, notFound } from "../src/run/expectations.ts";
import { ORDERS, type OrderKey, PRODUCTS, type ProductKey, SERIALS } from "../src/seed/scenario.ts";
import { lotKey, type SeededOrder, type SeededWorld } from "../src/seed/seed.ts";

/** A world as seeding reports it, with the names Odoo would give in seeding order. */
function world(major: number): SeededWorld {
  const keys = Object.keys(PRODUCTS) as ProductKey[];
  const products = Object.fromEntries(
    keys.map((key, i) => [key, { id: i + 1, templateId: i + 1, uomId: 1, def: PRODUCTS[key] }]),
  ) as SeededWorld["products"];
  const lots = new Map<string, number>();
  const receipts = new Map<string, string>();
  SERIALS.forEach((def, i) => {
    lots.set(lotKey(def.serial, def.product), i + 1);
    receipts.set(lotKey(def.serial, def.product), `WH/IN/${String(i + 1).padStart(5, "0")}`);
  });
  let returns = 0;
  const orders = Object.fromEntries(
    (Object.keys(ORDERS) as OrderKey[]).map((key, i) => {
      const n = String(i + 1).padStart(5, "0");
      const order: SeededOrder = {
        id: i + 1,
        name: `S${n}`,
        lines: {},
        delivery: { id: 100 + i, name: `WH/OUT/${n}` },
      };
      if (ORDERS[key].returned) {
        returns += 1;
        order.returnPicking = {
          id: 200 + i,
          name: `WH/RET/0000${returns}`,
          operation: "My Company: Returns",
        };
      }
      return [key, order];
    }),
  ) as SeededWorld["orders"];
  return {
    major,
    products,
    partners: { fjordlys: 1, sandsli: 2, lumiere: 3, aalesund: 4, svea: 5, vendor: 6 },
    lots,
    receipts,
    orders,
    places: {
      company: "My Company",
      stock: "WH/Stock",
      customers: major >= 18 ? "Customers" : "Partners/Customers",
      vendors: major >= 18 ? "Vendors" : "Partners/Vendors",
      receiptType: "My Company: Receipts",
      deliveryType: "My Company: Delivery Orders",
    },
    created: 0,
  };
}

const expected = (major = 19) => {
  const [all, spelled] = expectedRequests(world(major));
  const empty = new Map<string, SerialResult>();
  return { all: all ?? empty, spelled: spelled ?? empty };
};

describe("what the lookup must answer, derived from the scenarios", () => {
  it("asks every scenario serial and the unknown ones in one request, other spellings in another", () => {
    const { all, spelled } = expected();
    expect([...all.keys()]).toHaveLength(17);
    expect(all.get("AUR_KIT-0001")).toEqual(notFound("AUR_KIT-0001"));
    expect(all.get("AUR%")).toEqual(notFound("AUR%"));
    expect(spelled.get("aur-kit-0001")).toEqual({
      ...all.get("AUR-KIT-0001"),
      serial_number: "aur-kit-0001",
    });
  });

  it("names the kit for its component, with the delivery address and the tracking reference", () => {
    const kit = expected().all.get("AUR-KIT-0001");
    expect(kit).toMatchObject({
      product_name: "Aurora Room Kit",
      sale_order: {
        name: "S00001",
        client_order_ref: "CONF-SO-KIT",
        lines: [
          {
            description: "[AUR-KIT] Aurora Room Kit",
            product: "Aurora Room Kit",
            quantity: 1,
            price_unit: 14990,
          },
        ],
      },
      delivery: { name: "WH/OUT/00001", carrier_tracking_ref: "CONF-TRK-0001", origin: "S00001" },
      customer: {
        name: "Fjordlys Møterom AS",
        delivery_address: { name: "Lager Sandsli", state: "Vestland (NO)" },
      },
      returned: false,
    });
    expect(kit?.history.map((h) => [h.reference, h.from, h.to])).toEqual([
      ["WH/OUT/00001", "WH/Stock", "Customers"],
      ["WH/IN/00002", "Vendors", "WH/Stock"],
    ]);
  });

  it("prefers a whole-word kit of the order for a move without a sale line, never the Kitchenette", () => {
    const { all } = expected();
    expect(all.get("AUR-BYNAME-0004")).toMatchObject({
      product_name: "Aurora Cable Kit",
      sale_order: { lines: [{ product: "Aurora Camera", quantity: 0, price_unit: 0 }] },
    });
    expect(all.get("AUR-NOKIT-0005")?.product_name).toBe("Aurora Camera");
  });

  it("follows a returned serial back, and a re-sold one to its new order", () => {
    const { all } = expected();
    expect(all.get("AUR-RET-0006")).toMatchObject({
      returned: true,
      return_picking: {
        name: "WH/RET/00001",
        origin: "Return of WH/OUT/00005",
        date_done: ANY_DATETIME,
      },
      sale_order: { name: "S00005" },
    });
    const resold = all.get("AUR-RESOLD-0007");
    expect(resold).toMatchObject({
      returned: false,
      return_picking: null,
      sale_order: { name: "S00007", client_order_ref: "CONF-SO-RESALE-2" },
      customer: { name: "Svea Möten AB" },
    });
    expect(resold?.history.map((h) => h.reference)).toEqual([
      "WH/OUT/00007",
      "WH/RET/00002",
      "WH/OUT/00006",
      "WH/IN/00008",
    ]);
  });

  it("lists both lots of a shared name, the one moved last first", () => {
    const lots = expected().all.get("AUR-SHARED-0008")?.lots;
    expect(lots?.map((lot) => lot.product?.name)).toEqual(["Aurora Camera", "Aurora Speaker"]);
  });

  it("reports no sale for a delivery that is only reserved, nor for a serial never sold", () => {
    const { all } = expected();
    for (const serial of ["AUR-RESERVED-0011", "AUR-NOSALE-0009"]) {
      expect(all.get(serial)).toMatchObject({
        found: true,
        sale_order: null,
        delivery: null,
        customer: null,
      });
      expect(all.get(serial)?.history).toHaveLength(1);
    }
  });

  it("keeps the archived customer's non-ASCII name", () => {
    expect(expected().all.get("AUR-ARCH-0010")?.customer?.name).toBe("Ærlig Ålesund Konferanse AS");
  });

  it("expects the lot's company before Odoo 18 only (18 computes it from the product's)", () => {
    expect(expected(17).all.get("AUR-KIT-0001")?.lots[0]?.company).toBe("My Company");
    expect(expected(19).all.get("AUR-KIT-0001")?.lots[0]?.company).toBeNull();
  });
});
