/**
 * Demo data: a small Norwegian/European video-conferencing hardware business.
 * Every scenario the serial lookup must handle has a named serial in DEMO.serials.
 */
import type { Fixture, FixtureUser } from "../fixture.ts";
import type { OdooVersion } from "../schema/index.ts";
import { baseRecords } from "./base-records.ts";
import { DemoBuilder } from "./builder.ts";

const users = {
  admin: { id: 2, login: "admin", password: "admin", apiKey: "demo-admin-4b1f0c9e2d7a" },
  integration: {
    id: 6,
    login: "jsm-integration@example.com",
    password: "integration-demo-password",
    apiKey: "7d2c9a41e0b84f6a93c5d1e8b0a47f36c2e91d05",
  },
  /** Reads products and lots only: for AccessError (fault 4) on sale.order. */
  restricted: {
    id: 7,
    login: "warehouse-viewer",
    password: "viewer-demo-password",
    apiKey: "viewer-demo-key",
  },
} as const;

export const DEMO = {
  db: "odoo_demo",
  users,
  serials: {
    /** Huddly L1 Camera delivered as part of a "Huddly L1 Kit" line (sale_line_id = kit line), delivery address of the customer. */
    kit: "HL1-24-000101",
    /** Kit component in an order that also sells a Huddly IQ alone. */
    kitInMixedOrder: "HL1-24-000102",
    /** Huddly IQ sold alone in the same order as a kit: its own line wins. */
    soldAloneWithKit: "HIQ-24-000202",
    /** Huddly IQ sold alone to "Société Générale Équipement" (unnamed delivery address). */
    plain: "HIQ-24-000201",
    /** Sold, returned, sold again to another customer. */
    returnedResold: "HIQ-24-000203",
    /** Kit component sold, then returned to stock. */
    returnedNotResold: "HL1-23-000050",
    /** Sold to a customer that is archived since. */
    archivedCustomer: "HIQ-23-000150",
    /** One lot name on two products (Huddly IQ sold, Huddly Canvas only received). */
    sharedName: "SN-0001",
    /** Only a receipt and an internal transfer: no sale. */
    noSale: "HCV-24-000301",
    /** Delivery move not linked to a sale line; the order holds a "Huddly L1 Kit" line. */
    kitByName: "HL1-22-000010",
    /** Delivery move not linked; the order holds "Kitchenette shelf" (not a kit). */
    noKit: "HIQ-22-000020",
    /** Literal underscore: `A_1` must not match `AB1` when looked up exactly. */
    underscore: "A_1",
    underscoreLookalike: "AB1",
  },
} as const;

const build = (): Fixture => {
  const b = new DemoBuilder(baseRecords(users));
  const KIT = b.product(1, 101, { name: "Huddly L1 Kit", code: "HUD-L1-KIT", price: 14990 });
  const CAM = b.product(2, 102, {
    name: "Huddly L1 Camera",
    code: "HUD-L1-CAM",
    tracking: "serial",
    price: 11990,
  });
  const CABLE = b.product(3, 103, { name: "USB-C Cable 5m", code: "CAB-USBC-5", price: 490 });
  const POWER = b.product(4, 104, { name: "Power Adapter 60W", code: "PWR-60W", price: 690 });
  const IQ = b.product(5, 105, {
    name: "Huddly IQ",
    code: "HUD-IQ",
    tracking: "serial",
    price: 8990,
  });
  const SHELF = b.product(6, 106, { name: "Kitchenette shelf", code: "FUR-KS-01", price: 1290 });
  const CANVAS = b.product(7, 107, {
    name: "Huddly Canvas",
    code: "HUD-CANVAS",
    tracking: "serial",
    price: 9990,
  });
  b.product(8, 108, {
    name: "Service Agreement 1 year",
    code: "SRV-1Y",
    type: "service",
    price: 2500,
  });
  const kitBom = b.add("mrp.bom", {
    code: "KIT-L1",
    product_tmpl_id: 1,
    type: "phantom",
    product_qty: 1,
    company_id: 1,
  });
  for (const component of [CAM, CABLE, POWER])
    b.add("mrp.bom.line", { bom_id: kitBom, product_id: component, product_qty: 1 });
  // A manufacturing BoM does not make a kit.
  const iqBom = b.add("mrp.bom", {
    product_tmpl_id: 5,
    type: "normal",
    product_qty: 1,
    company_id: 1,
  });
  b.add("mrp.bom.line", { bom_id: iqBom, product_id: CABLE, product_qty: 1 });

  const S = DEMO.serials;
  const lot = (name: string, product: number, date: string, ref?: string) =>
    b.lot(name, product, date, ref);
  const receive = (date: string, lines: { product: number; lot?: number }[]) =>
    b.transfer({ type: "in", date, partner: 60, origin: "P00042", lines });

  // Receipts from the vendor.
  const L = {
    kit: lot(S.kit, CAM, "2024-02-01 08:00:00", "BATCH-2024-02"),
    kitMixed: lot(S.kitInMixedOrder, CAM, "2024-02-01 08:00:00", "BATCH-2024-02"),
    plain: lot(S.plain, IQ, "2024-01-15 08:00:00"),
    alone: lot(S.soldAloneWithKit, IQ, "2024-01-15 08:00:00"),
    resold: lot(S.returnedResold, IQ, "2024-01-15 08:00:00"),
    returned: lot(S.returnedNotResold, CAM, "2023-05-10 08:00:00"),
    archived: lot(S.archivedCustomer, IQ, "2023-03-01 08:00:00"),
    sharedIq: lot(S.sharedName, IQ, "2023-09-01 08:00:00"),
    sharedCanvas: lot(S.sharedName, CANVAS, "2024-04-02 08:00:00"),
    noSale: lot(S.noSale, CANVAS, "2024-04-02 08:00:00"),
    kitByName: lot(S.kitByName, CAM, "2022-03-01 08:00:00"),
    noKit: lot(S.noKit, IQ, "2022-03-01 08:00:00"),
    underscore: lot(S.underscore, CANVAS, "2024-04-02 08:00:00"),
    lookalike: lot(S.underscoreLookalike, CANVAS, "2024-04-02 08:00:00"),
  };
  receive("2022-03-01 08:00:00", [
    { product: CAM, lot: L.kitByName },
    { product: IQ, lot: L.noKit },
  ]);
  receive("2023-03-01 08:00:00", [{ product: IQ, lot: L.archived }]);
  receive("2023-05-10 08:00:00", [{ product: CAM, lot: L.returned }]);
  receive("2023-09-01 08:00:00", [{ product: IQ, lot: L.sharedIq }]);
  receive("2024-01-15 08:00:00", [
    { product: IQ, lot: L.plain },
    { product: IQ, lot: L.alone },
    { product: IQ, lot: L.resold },
  ]);
  receive("2024-02-01 08:00:00", [
    { product: CAM, lot: L.kit },
    { product: CAM, lot: L.kitMixed },
  ]);
  receive("2024-04-02 08:00:00", [
    { product: CANVAS, lot: L.sharedCanvas },
    { product: CANVAS, lot: L.noSale },
    { product: CANVAS, lot: L.underscore },
    { product: CANVAS, lot: L.lookalike },
  ]);
  b.transfer({
    type: "int",
    date: "2024-04-20 13:30:00",
    origin: "Firmware check",
    lines: [{ product: CANVAS, lot: L.noSale }],
  });

  // 2022: kit by name (move not linked to its line) and "Kitchenette shelf" (not a kit).
  const o2022a = b.order({
    name: "S00011",
    partner: 30,
    date: "2022-03-14 10:02:11",
    ref: "PO-MS-2022-117",
    locked: true,
    lines: [
      { product: KIT, name: "[HUD-L1-KIT] Huddly L1 Kit", qty: 1, price: 14990 },
      { product: SHELF, name: "[FUR-KS-01] Kitchenette shelf", qty: 2, price: 1290 },
    ],
  });
  b.transfer({
    type: "out",
    date: "2022-03-16 09:40:00",
    partner: 30,
    origin: "S00011",
    sale: o2022a.id,
    tracking: "00370730253100000011",
    lines: [
      { product: CAM, lot: L.kitByName },
      { product: SHELF, qty: 2 },
    ],
  });
  const o2022b = b.order({
    name: "S00008",
    partner: 50,
    date: "2022-03-02 14:20:00",
    locked: true,
    lines: [
      { product: IQ, name: "[HUD-IQ] Huddly IQ", qty: 1, price: 8990 },
      { product: SHELF, name: "[FUR-KS-01] Kitchenette shelf", qty: 1, price: 1290 },
    ],
  });
  b.transfer({
    type: "out",
    date: "2022-03-04 11:00:00",
    partner: 50,
    origin: "S00008",
    sale: o2022b.id,
    lines: [{ product: IQ, lot: L.noKit }, { product: SHELF }],
  });

  // 2023: archived customer; a kit sold then returned; the shared lot name sold as a Huddly IQ.
  const o2023a = b.order({
    name: "S00009",
    partner: 40,
    date: "2023-03-10 09:15:00",
    ref: "NK-4471",
    lines: [{ product: IQ, name: "[HUD-IQ] Huddly IQ", qty: 1, price: 8990 }],
  });
  b.transfer({
    type: "out",
    date: "2023-03-13 15:05:00",
    partner: 40,
    origin: "S00009",
    sale: o2023a.id,
    tracking: "00370730253100000009",
    lines: [{ product: IQ, lot: L.archived, saleLine: o2023a.lines[0] }],
  });
  const o2023b = b.order({
    name: "S00010",
    partner: 50,
    date: "2023-06-01 08:30:00",
    lines: [{ product: KIT, name: "[HUD-L1-KIT] Huddly L1 Kit", qty: 1, price: 14990 }],
  });
  const kitLine2023 = o2023b.lines[0] as number;
  const out2023 = b.transfer({
    type: "out",
    date: "2023-06-05 10:00:00",
    partner: 50,
    origin: "S00010",
    sale: o2023b.id,
    tracking: "00370730253100000010",
    lines: [
      { product: CAM, lot: L.returned, saleLine: kitLine2023 },
      { product: CABLE, saleLine: kitLine2023 },
      { product: POWER, saleLine: kitLine2023 },
    ],
  });
  b.transfer({
    type: "ret",
    date: "2023-07-12 12:00:00",
    partner: 50,
    origin: `Return of ${out2023.name}`,
    sale: o2023b.id,
    returnOf: out2023.picking,
    lines: [{ product: CAM, lot: L.returned, returnOfMove: out2023.moves[0] }],
  });
  const o2023c = b.order({
    name: "S00007",
    partner: 10,
    date: "2023-10-02 09:00:00",
    lines: [{ product: IQ, name: "[HUD-IQ] Huddly IQ", qty: 1, price: 8990 }],
  });
  b.transfer({
    type: "out",
    date: "2023-10-04 09:30:00",
    partner: 10,
    origin: "S00007",
    sale: o2023c.id,
    lines: [{ product: IQ, lot: L.sharedIq, saleLine: o2023c.lines[0] }],
  });

  // 2024: kit to a separate delivery address; plain sale; mixed order; returned and re-sold.
  const kitOrder = b.order({
    name: "S00012",
    partner: 10,
    shipping: 12,
    date: "2024-02-20 13:45:00",
    ref: "ØDEGÅRD-PO-7781",
    extra: { x_tracking_no: "TRK-NO-558201" },
    lines: [
      { product: KIT, name: "[HUD-L1-KIT] Huddly L1 Kit", qty: 1, price: 14990 },
      {
        product: 108,
        name: "[SRV-1Y] Service Agreement 1 year",
        qty: 1,
        price: 2500,
        delivered: 0,
      },
    ],
  });
  const kitLine = kitOrder.lines[0] as number;
  b.transfer({
    type: "out",
    date: "2024-02-22 08:15:00",
    partner: 12,
    origin: "S00012",
    sale: kitOrder.id,
    tracking: "00370730253100000012",
    lines: [
      { product: CAM, lot: L.kit, saleLine: kitLine },
      { product: CABLE, saleLine: kitLine },
      { product: POWER, saleLine: kitLine },
    ],
  });
  const plainOrder = b.order({
    name: "S00013",
    partner: 20,
    shipping: 21,
    date: "2024-02-26 10:00:00",
    ref: "SGE/2024/0042",
    extra: { x_tracking_no: "TRK-FR-99812" },
    lines: [{ product: IQ, name: "[HUD-IQ] Huddly IQ", qty: 1, price: 8990 }],
  });
  b.transfer({
    type: "out",
    date: "2024-02-28 14:10:00",
    partner: 21,
    origin: "S00013",
    sale: plainOrder.id,
    tracking: "00370730253100000013",
    lines: [{ product: IQ, lot: L.plain, saleLine: plainOrder.lines[0] }],
  });
  const mixed = b.order({
    name: "S00014",
    partner: 30,
    date: "2024-03-04 09:00:00",
    ref: "PO-MS-2024-031",
    lines: [
      { product: KIT, name: "[HUD-L1-KIT] Huddly L1 Kit", qty: 1, price: 14990 },
      { product: IQ, name: "[HUD-IQ] Huddly IQ", qty: 1, price: 8990 },
    ],
  });
  const [mixedKitLine, mixedIqLine] = mixed.lines as [number, number];
  b.transfer({
    type: "out",
    date: "2024-03-06 10:20:00",
    partner: 30,
    origin: "S00014",
    sale: mixed.id,
    tracking: "00370730253100000014",
    lines: [
      { product: CAM, lot: L.kitMixed, saleLine: mixedKitLine },
      { product: CABLE, saleLine: mixedKitLine },
      { product: POWER, saleLine: mixedKitLine },
      { product: IQ, lot: L.alone, saleLine: mixedIqLine },
    ],
  });
  const first = b.order({
    name: "S00015",
    partner: 20,
    date: "2024-03-11 11:11:00",
    lines: [{ product: IQ, name: "[HUD-IQ] Huddly IQ", qty: 1, price: 8990 }],
  });
  const firstOut = b.transfer({
    type: "out",
    date: "2024-03-12 09:00:00",
    partner: 20,
    origin: "S00015",
    sale: first.id,
    tracking: "00370730253100000015",
    lines: [{ product: IQ, lot: L.resold, saleLine: first.lines[0] }],
  });
  b.transfer({
    type: "ret",
    date: "2024-04-02 10:30:00",
    partner: 20,
    origin: `Return of ${firstOut.name}`,
    sale: first.id,
    returnOf: firstOut.picking,
    lines: [{ product: IQ, lot: L.resold, returnOfMove: firstOut.moves[0] }],
  });
  const second = b.order({
    name: "S00016",
    partner: 50,
    date: "2024-04-15 15:00:00",
    ref: "SM-2024-18",
    lines: [{ product: IQ, name: "[HUD-IQ] Huddly IQ", qty: 1, price: 8490 }],
  });
  b.transfer({
    type: "out",
    date: "2024-04-17 08:45:00",
    partner: 50,
    origin: "S00016",
    sale: second.id,
    tracking: "00370730253100000016",
    lines: [{ product: IQ, lot: L.resold, saleLine: second.lines[0] }],
  });
  // A quotation that never shipped.
  b.order({
    name: "S00017",
    partner: 10,
    date: "2024-05-02 09:00:00",
    lines: [
      { product: CANVAS, name: "[HUD-CANVAS] Huddly Canvas", qty: 2, price: 9990, delivered: 0 },
    ],
  });
  const quotation = b.records["sale.order"]?.at(-1);
  if (quotation) quotation.state = "draft";

  const fixtureUsers: FixtureUser[] = [
    {
      id: users.admin.id,
      login: users.admin.login,
      password: users.admin.password,
      api_keys: [users.admin.apiKey],
      read: ["*"],
      write: ["*"],
    },
    {
      id: users.integration.id,
      login: users.integration.login,
      password: users.integration.password,
      api_keys: [users.integration.apiKey],
      read: ["*"],
      // Odoo's stock module grants every internal user write, create and unlink on move lines
      // (ir.model.access.csv, access_stock_move_line_all, base.group_user): a read-only group
      // cannot take that away, and doctor reports it as a known Odoo default.
      write: ["stock.move.line"],
    },
    {
      id: users.restricted.id,
      login: users.restricted.login,
      password: users.restricted.password,
      api_keys: [users.restricted.apiKey],
      read: ["product.product", "product.template", "stock.lot"],
      write: [],
    },
  ];
  return { db: DEMO.db, users: fixtureUsers, records: b.records };
};

let cached: Fixture | undefined;

/** The view locations Odoo 18 stopped creating: "Physical Locations", "Partners", "Virtual Locations". */
const ROOT_VIEWS = new Set([1, 2, 5]);

/**
 * Odoo 18 and later create "Customers", "Vendors" and the virtual locations at the top, not
 * under "Partners" / "Virtual Locations" (stock_data.xml), so they read "Customers", not
 * "Partners/Customers", and the warehouse's view has no parent either.
 */
const withVersionLocations = (fixture: Fixture, version: OdooVersion): Fixture => {
  if (version < 18) return fixture;
  const locations = (fixture.records["stock.location"] ?? [])
    .filter((location) => !ROOT_VIEWS.has(location.id))
    .map((location) =>
      ROOT_VIEWS.has(location.location_id as number)
        ? { ...location, location_id: false }
        : location,
    );
  return { ...fixture, records: { ...fixture.records, "stock.location": locations } };
};

/**
 * A fresh copy of the demo fixture (callers may change it freely), with the locations of the
 * given version's Odoo (default 17).
 */
export const demoFixture = (version: OdooVersion = 17): Fixture => {
  cached ??= build();
  return withVersionLocations(structuredClone(cached), version);
};
