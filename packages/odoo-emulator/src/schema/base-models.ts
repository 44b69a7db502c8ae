/** Companies, partners, geography, currencies, units, users, products and bills of materials. */
import {
  boolean,
  char,
  datetime,
  type FieldDef,
  float,
  type ModelDef,
  many2one,
  one2many,
  type RecordView,
  related,
  selection,
  text,
} from "./types.ts";

const PARTNER_TYPES = [
  ["contact", "Contact"],
  ["invoice", "Invoice Address"],
  ["delivery", "Delivery Address"],
  ["other", "Other Address"],
] as const;

const str = (record: RecordView | undefined, field: string): string => {
  const value = record?.get(field);
  return typeof value === "string" ? value : "";
};

/** Odoo's res.partner `_get_complete_name`: "Company, Contact", or the address type when unnamed. */
const partnerDisplayName = (partner: RecordView): string => {
  let name = str(partner, "name");
  const parent = partner.one("parent_id");
  if (parent) {
    const type = str(partner, "type");
    // `_complete_name_displayed_types`: only these types stand in for a missing name.
    if (!name && (type === "invoice" || type === "delivery" || type === "other")) {
      name = PARTNER_TYPES.find(([value]) => value === type)?.[1] ?? "";
    }
    if (partner.get("is_company") !== true) {
      const commercial = parent.one("commercial_partner_id") ?? parent;
      name = `${str(commercial, "name") || str(parent, "name")}, ${name}`;
    }
  }
  // Odoo returns `name.strip()`: an unnamed contact of a company is "Company,".
  return name.trim();
};

/** Walks up `parent_id` to the company (or the topmost contact), as Odoo's commercial entity. */
const commercialPartner = (partner: RecordView): number => {
  let current: RecordView = partner;
  for (let depth = 0; depth < 32; depth++) {
    const parent = current.one("parent_id");
    if (current.get("is_company") === true || !parent) return current.id;
    current = parent;
  }
  return current.id;
};

/** Products show as "[default_code] name" (Odoo `product.product._compute_display_name`). */
export const productDisplayName = (product: RecordView): string => {
  const code = str(product, "default_code");
  const name = str(product, "name");
  return code ? `[${code}] ${name}` : name;
};

/** is_kits: a phantom BoM exists for the variant or for its template without variant. */
const variantIsKit = (product: RecordView): boolean =>
  product.all("mrp.bom").some((bom) => {
    if (bom.get("type") !== "phantom" || bom.get("active") === false) return false;
    const variant = bom.get("product_id");
    if (variant !== false) return variant === product.id;
    return bom.get("product_tmpl_id") === product.get("product_tmpl_id");
  });

const templateIsKit = (template: RecordView): boolean =>
  template
    .all("mrp.bom")
    .some(
      (bom) =>
        bom.get("type") === "phantom" &&
        bom.get("active") !== false &&
        bom.get("product_tmpl_id") === template.id,
    );

const PRODUCT_TYPES_18 = [
  ["consu", "Goods"],
  ["service", "Service"],
  ["combo", "Combo"],
] as const;
const PRODUCT_TYPES_14 = [
  ["consu", "Consumable"],
  ["service", "Service"],
  ["product", "Storable Product"],
] as const;

/** Before 18 a storable product was `type = "product"`; 18 added `is_storable` on goods. */
const productType: FieldDef = selection("Product Type", PRODUCT_TYPES_18, {
  selectionFor: (version) => (version >= 18 ? PRODUCT_TYPES_18 : PRODUCT_TYPES_14),
  versionValue: (value, version, record) =>
    version < 18 && value === "consu" && record.get("is_storable") === true ? "product" : value,
  default: "consu",
});

const productCommon: Record<string, FieldDef> = {
  barcode: char("Barcode"),
  list_price: float("Sales Price"),
  tracking: selection("Tracking", [
    ["serial", "By Unique Serial Number"],
    ["lot", "By Lots"],
    ["none", "By Quantity"],
  ]),
  active: boolean("Active", { default: true }),
};

export const baseModels: Record<string, ModelDef> = {
  "res.company": {
    description: "Companies",
    fields: {
      name: char("Company Name", { required: true }),
      partner_id: many2one("res.partner", "Partner"),
      currency_id: many2one("res.currency", "Currency"),
      country_id: many2one("res.country", "Country"),
      active: boolean("Active", { default: true }),
    },
  },
  "res.currency": {
    description: "Currency",
    fields: {
      name: char("Currency", { required: true }),
      symbol: char("Symbol"),
      active: boolean("Active", { default: true }),
    },
  },
  "res.country": {
    description: "Country",
    fields: {
      name: char("Country Name", { required: true }),
      code: char("Country Code"),
      state_ids: one2many("res.country.state", "country_id", "States"),
    },
  },
  "res.country.state": {
    description: "Country state",
    fields: {
      name: char("State Name", { required: true }),
      code: char("State Code"),
      country_id: many2one("res.country", "Country", { required: true }),
    },
    // "Oslo (NO)" (base res.country.state: name_get up to 16, _compute_display_name from 17).
    displayName: (state) => {
      const country = str(state.one("country_id"), "code");
      return country ? `${str(state, "name")} (${country})` : str(state, "name");
    },
  },
  "res.partner": {
    description: "Contact",
    // Its accounting (16-18) and Discuss (19) fields need rights a read-only user lacks.
    readAllDenied: (version) =>
      version >= 19
        ? "Failed to read field res.partner.rtc_session_ids\nYou are not allowed to access 'Mail RTC session' (discuss.channel.rtc.session) records.\n\nThis operation is allowed for the following groups:\n\t- Role / Administrator\n\nContact your administrator to request access if necessary."
        : "You are not allowed to access 'Journal Entry' (account.move) records.\n\nThis operation is allowed for the following groups:\n\t- Invoicing/Billing\n\t- Sales/User: Own Documents Only\n\nContact your administrator to request access if necessary.",
    displayName: partnerDisplayName,
    fields: {
      name: char("Name"),
      complete_name: char("Complete Name", { compute: partnerDisplayName }),
      ref: char("Reference"),
      vat: char("Tax ID"),
      email: char("Email"),
      phone: char("Phone"),
      mobile: char("Mobile", { until: 18 }),
      street: char("Street"),
      street2: char("Street2"),
      zip: char("Zip"),
      city: char("City"),
      state_id: many2one("res.country.state", "State"),
      country_id: many2one("res.country", "Country"),
      parent_id: many2one("res.partner", "Related Company"),
      child_ids: one2many("res.partner", "parent_id", "Contact"),
      commercial_partner_id: many2one("res.partner", "Commercial Entity", {
        compute: commercialPartner,
      }),
      is_company: boolean("Is a Company"),
      type: selection("Address Type", PARTNER_TYPES, { default: "contact" }),
      company_id: many2one("res.company", "Company"),
      comment: text("Notes"),
      active: boolean("Active", { default: true }),
    },
  },
  "res.users": {
    description: "User",
    fields: {
      login: char("Login", { required: true }),
      name: char("Name"),
      partner_id: many2one("res.partner", "Related Partner"),
      company_id: many2one("res.company", "Company"),
      active: boolean("Active", { default: true }),
    },
  },
  // API keys as their owner may list them (name, scope, expiry); the secret is no field.
  "res.users.apikeys": {
    description: "Users API Keys",
    without: ["write_date"],
    fields: {
      name: char("Description", { required: true }),
      user_id: many2one("res.users", "User", { required: true }),
      scope: char("Scope"),
      // Keys expire from Odoo 18 on (the form caps the lifetime; administrators may omit it).
      expiration_date: datetime("Expiration Date", { since: 18 }),
    },
  },
  "uom.uom": {
    description: "Product Unit of Measure",
    fields: {
      name: char("Unit", { required: true }),
      active: boolean("Active", { default: true }),
    },
  },
  "product.template": {
    description: "Product",
    displayName: productDisplayName,
    fields: {
      name: char("Name", { required: true }),
      default_code: char("Internal Reference", {
        // Odoo computes it from the variant when the template has exactly one.
        fallback: (template) => {
          const variants = template.many("product_variant_ids");
          return variants.length === 1 ? (variants[0]?.get("default_code") ?? false) : false;
        },
      }),
      type: productType,
      is_storable: boolean("Track Inventory", { since: 18 }),
      product_variant_ids: one2many("product.product", "product_tmpl_id", "Products"),
      bom_ids: one2many("mrp.bom", "product_tmpl_id", "Bill of Materials"),
      is_kits: boolean("Is Kits", { compute: templateIsKit }),
      company_id: many2one("res.company", "Company"),
      ...productCommon,
    },
  },
  "product.product": {
    description: "Product Variant",
    displayName: productDisplayName,
    fields: {
      product_tmpl_id: many2one("product.template", "Product Template", { required: true }),
      name: char("Name", { compute: related("product_tmpl_id.name") }),
      default_code: char("Internal Reference"),
      type: { ...productType, compute: related("product_tmpl_id.type"), default: undefined },
      is_storable: boolean("Track Inventory", {
        since: 18,
        compute: related("product_tmpl_id.is_storable"),
      }),
      is_kits: boolean("Is Kits", { compute: variantIsKit }),
      company_id: many2one("res.company", "Company", {
        compute: related("product_tmpl_id.company_id"),
      }),
      ...productCommon,
      list_price: float("Sales Price", { compute: related("product_tmpl_id.list_price") }),
      tracking: {
        ...(productCommon.tracking as FieldDef),
        compute: related("product_tmpl_id.tracking"),
      },
    },
  },
  "mrp.bom": {
    description: "Bill of Material",
    displayName: (bom) => {
      const code = str(bom, "code");
      const template = bom.one("product_tmpl_id");
      const product = template ? productDisplayName(template) : "";
      return code ? `${code}: ${product}` : product;
    },
    fields: {
      code: char("Reference"),
      product_tmpl_id: many2one("product.template", "Product", { required: true }),
      product_id: many2one("product.product", "Product Variant"),
      product_qty: float("Quantity", { default: 1 }),
      type: selection(
        "BoM Type",
        [
          ["normal", "Manufacture this product"],
          ["phantom", "Kit"],
        ],
        { default: "normal" },
      ),
      bom_line_ids: one2many("mrp.bom.line", "bom_id", "BoM Lines"),
      company_id: many2one("res.company", "Company"),
      active: boolean("Active", { default: true }),
    },
  },
  "mrp.bom.line": {
    description: "Bill of Material Line",
    displayName: (line) => str(line.one("product_id"), "name"),
    fields: {
      bom_id: many2one("mrp.bom", "Parent BoM", { required: true }),
      product_id: many2one("product.product", "Component", { required: true }),
      product_qty: float("Quantity", { default: 1 }),
    },
  },
};
