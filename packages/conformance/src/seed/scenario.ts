/**
 * The scenarios the lookup must get right, as data: products, customers, orders and the story of
 * each serial. `seed.ts` makes them real in Odoo through the admin account (Odoo computes
 * everything: confirmations, deliveries, returns, kit explosion); `expectations.ts` derives what
 * the lookup must answer from the same definitions. Every name is unique, so seeding finds what
 * an earlier run created instead of creating it twice.
 */

export type ProductKey = "kit" | "cableKit" | "camera" | "speaker" | "cable" | "adapter" | "shelf";

export interface ProductDef {
  name: string;
  code: string;
  /** serial: storable, tracked by unique serial; goods: consumable; kit: phantom BoM. */
  kind: "serial" | "goods" | "kit";
  price: number;
  /** Components of a kit (one each unless said). */
  components?: readonly { product: ProductKey; quantity: number }[];
}

export const PRODUCTS: Record<ProductKey, ProductDef> = {
  kit: {
    name: "Aurora Room Kit",
    code: "AUR-KIT",
    kind: "kit",
    price: 14990,
    components: [
      { product: "camera", quantity: 1 },
      { product: "cable", quantity: 1 },
      { product: "adapter", quantity: 1 },
    ],
  },
  cableKit: {
    name: "Aurora Cable Kit",
    code: "AUR-CBL-KIT",
    kind: "kit",
    price: 990,
    components: [{ product: "cable", quantity: 2 }],
  },
  camera: { name: "Aurora Camera", code: "AUR-CAM", kind: "serial", price: 11990 },
  speaker: { name: "Aurora Speaker", code: "AUR-SPK", kind: "serial", price: 4990 },
  cable: { name: "Aurora USB-C Cable", code: "AUR-CBL", kind: "goods", price: 490 },
  adapter: { name: "Aurora Power Adapter", code: "AUR-PWR", kind: "goods", price: 690 },
  // Its name contains "Kit" as a substring only: it must never be taken for a kit.
  shelf: { name: "Kitchenette shelf", code: "FUR-KS", kind: "goods", price: 1290 },
};

export type PartnerKey = "fjordlys" | "sandsli" | "lumiere" | "aalesund" | "svea" | "vendor";

export interface PartnerDef {
  name: string;
  company: boolean;
  /** A delivery address of this company (type delivery). */
  parent?: PartnerKey;
  ref?: string;
  vat?: string;
  email?: string;
  phone?: string;
  street?: string;
  street2?: string;
  zip?: string;
  city?: string;
  /** ISO country code and the state's name as Odoo's base data spells it. */
  country?: string;
  state?: string;
  /** Archived after its sale. */
  archived?: boolean;
}

export const PARTNERS: Record<PartnerKey, PartnerDef> = {
  fjordlys: {
    name: "Fjordlys Møterom AS",
    company: true,
    ref: "CONF-C-001",
    vat: "NO912345678MVA",
    email: "post@fjordlys.example",
    phone: "+47 55 12 34 56",
    street: "Strandkaien 4",
    zip: "5013",
    city: "Bergen",
    country: "NO",
    state: "Vestland",
  },
  sandsli: {
    name: "Lager Sandsli",
    company: false,
    parent: "fjordlys",
    street: "Sandslimarka 31",
    street2: "Port 4",
    zip: "5254",
    city: "Sandsli",
    country: "NO",
    state: "Vestland",
  },
  lumiere: {
    name: "Société Lumière SARL",
    company: true,
    ref: "CONF-C-002",
    email: "achats@lumiere.example",
    street: "29 Boulevard Haussmann",
    zip: "75009",
    city: "Paris",
    country: "FR",
  },
  aalesund: {
    name: "Ærlig Ålesund Konferanse AS",
    company: true,
    ref: "CONF-C-003",
    email: "post@aalesund.example",
    street: "Øvre Strandgate 9",
    zip: "6004",
    city: "Ålesund",
    country: "NO",
    state: "Møre og Romsdal",
    archived: true,
  },
  svea: {
    name: "Svea Möten AB",
    company: true,
    ref: "CONF-C-004",
    email: "inkop@svea.example",
    street: "Drottninggatan 88",
    zip: "111 36",
    city: "Stockholm",
    country: "SE",
  },
  vendor: { name: "Aurora Optics Ltd", company: true, ref: "CONF-V-001", city: "Shenzhen" },
};

export type OrderKey =
  | "kit"
  | "mixed"
  | "byName"
  | "noKit"
  | "returned"
  | "resale1"
  | "resale2"
  | "shared"
  | "archived"
  | "reserved";

export interface OrderLineDef {
  product: ProductKey;
  quantity: number;
}

export interface OrderDef {
  /** The customer reference: unique, it is how seeding finds the order again. */
  ref: string;
  customer: PartnerKey;
  /** Delivery address when it is not the customer. */
  shipTo?: PartnerKey;
  lines: readonly OrderLineDef[];
  /** Carrier tracking reference written on the delivery before it is validated. */
  tracking?: string;
  /**
   * Moves added by hand to the delivery (a warehouse's extra item). On validation Odoo gives each
   * a new sale line with quantity 0 (sale_stock); the suite then takes the move's link to it
   * away, as data imported from an earlier system has none: the lookup's kit-by-name rule.
   */
  extraMoves?: readonly ProductKey[];
  /** Reserved but not validated. */
  reserveOnly?: boolean;
  /** Returned through Odoo's return wizard after delivery. */
  returned?: boolean;
}

export const ORDERS: Record<OrderKey, OrderDef> = {
  kit: {
    ref: "CONF-SO-KIT",
    customer: "fjordlys",
    shipTo: "sandsli",
    lines: [{ product: "kit", quantity: 1 }],
    tracking: "CONF-TRK-0001",
  },
  mixed: {
    ref: "CONF-SO-MIXED",
    customer: "lumiere",
    lines: [
      { product: "kit", quantity: 1 },
      { product: "camera", quantity: 1 },
    ],
  },
  byName: {
    ref: "CONF-SO-BYNAME",
    customer: "fjordlys",
    // Odoo's default for a customer with a delivery address, stated.
    shipTo: "sandsli",
    lines: [
      { product: "shelf", quantity: 1 },
      { product: "cableKit", quantity: 1 },
    ],
    extraMoves: ["camera"],
  },
  noKit: {
    ref: "CONF-SO-NOKIT",
    customer: "lumiere",
    lines: [{ product: "shelf", quantity: 1 }],
    extraMoves: ["camera"],
  },
  returned: {
    ref: "CONF-SO-RETURN",
    customer: "lumiere",
    lines: [{ product: "camera", quantity: 1 }],
    returned: true,
  },
  resale1: {
    ref: "CONF-SO-RESALE-1",
    customer: "fjordlys",
    shipTo: "sandsli",
    lines: [{ product: "camera", quantity: 1 }],
    returned: true,
  },
  resale2: {
    ref: "CONF-SO-RESALE-2",
    customer: "svea",
    lines: [{ product: "camera", quantity: 1 }],
  },
  shared: {
    ref: "CONF-SO-SHARED",
    customer: "lumiere",
    lines: [{ product: "camera", quantity: 1 }],
  },
  archived: {
    ref: "CONF-SO-ARCHIVED",
    customer: "aalesund",
    lines: [{ product: "camera", quantity: 1 }],
  },
  reserved: {
    ref: "CONF-SO-RESERVED",
    customer: "svea",
    lines: [{ product: "camera", quantity: 1 }],
    reserveOnly: true,
  },
};

/** Where a serial went: received from the vendor, then through these orders in this order. */
export interface SerialDef {
  serial: string;
  product: ProductKey;
  /** Orders that delivered it (and returned it, when the order says so), oldest first. */
  sales: readonly { order: OrderKey; line?: ProductKey; extraMove?: boolean }[];
  story: string;
}

/**
 * In seeding order: receipts happen in this order, so lots created earlier have smaller ids and
 * older moves (the lookup sorts lots sharing a name by their latest move, then id).
 */
export const SERIALS: readonly SerialDef[] = [
  {
    serial: "AUR-SHARED-0008",
    product: "speaker",
    sales: [],
    story: "one lot name on two products: this one only received",
  },
  {
    serial: "AUR-KIT-0001",
    product: "camera",
    sales: [{ order: "kit", line: "kit" }],
    story: "a kit sold as a phantom BoM, to a separate delivery address",
  },
  {
    serial: "AUR-MIX-0002",
    product: "camera",
    sales: [{ order: "mixed", line: "kit" }],
    story: "the kit's camera in an order that also sells a camera alone",
  },
  {
    serial: "AUR-CAM-0003",
    product: "camera",
    sales: [{ order: "mixed", line: "camera" }],
    story: "a camera on its own order line beside a kit",
  },
  {
    serial: "AUR-BYNAME-0004",
    product: "camera",
    sales: [{ order: "byName", extraMove: true }],
    story: "its delivery move has no sale line; the order has a kit and a 'Kitchenette' decoy",
  },
  {
    serial: "AUR-NOKIT-0005",
    product: "camera",
    sales: [{ order: "noKit", extraMove: true }],
    story: "its delivery move has no sale line; the order has only the 'Kitchenette' decoy",
  },
  {
    serial: "AUR-RET-0006",
    product: "camera",
    sales: [{ order: "returned", line: "camera" }],
    story: "sold and returned",
  },
  {
    serial: "AUR-RESOLD-0007",
    product: "camera",
    sales: [
      { order: "resale1", line: "camera" },
      { order: "resale2", line: "camera" },
    ],
    story: "sold, returned, sold again to another customer",
  },
  {
    serial: "AUR-SHARED-0008",
    product: "camera",
    sales: [{ order: "shared", line: "camera" }],
    story: "one lot name on two products: this one sold",
  },
  {
    serial: "AUR-NOSALE-0009",
    product: "speaker",
    sales: [],
    story: "received, never sold",
  },
  {
    serial: "AUR-ARCH-0010",
    product: "camera",
    sales: [{ order: "archived", line: "camera" }],
    story: "sold to a customer archived since, with a non-ASCII name",
  },
  {
    serial: "AUR-RESERVED-0011",
    product: "camera",
    sales: [{ order: "reserved", line: "camera" }],
    story: "reserved on a delivery that is not validated",
  },
  { serial: "AUR%PCT-0012", product: "speaker", sales: [], story: "a lot name with %" },
  { serial: "AUR_US-0013", product: "speaker", sales: [], story: "a lot name with _" },
  {
    serial: "AURXUS-0013",
    product: "speaker",
    sales: [],
    story: "what AUR_US-0013 would match if _ were a wildcard",
  },
];

/** Serials asked that match no lot: `_`, `%` and a prefix must not act as wildcards. */
export const UNKNOWN_SERIALS: readonly string[] = ["AUR-NONE-9999", "AUR%", "AUR_KIT-0001"];

/** Asked with other spellings: matching is exact but case-insensitive. */
export const SPELLINGS: readonly { asked: string; serial: string }[] = [
  { asked: "aur-kit-0001", serial: "AUR-KIT-0001" },
];

/** Country names as Odoo's base data has them (`res.country`), by the codes used above. */
export const COUNTRY_NAMES: Record<string, string> = {
  NO: "Norway",
  FR: "France",
  SE: "Sweden",
};
