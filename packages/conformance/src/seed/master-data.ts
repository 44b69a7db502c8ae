/** Partners, products and kits (phantom BoMs), found by their unique names or created. */
import { ConformanceError } from "../errors.ts";
import type { OdooWriter, Values } from "../writer/odoo-writer.ts";
import {
  PARTNERS,
  type PartnerDef,
  type PartnerKey,
  PRODUCTS,
  type ProductDef,
  type ProductKey,
} from "./scenario.ts";

export interface SeededProduct {
  id: number;
  templateId: number;
  uomId: number;
  def: ProductDef;
}

async function countryAndState(writer: OdooWriter, def: PartnerDef): Promise<Values> {
  if (!def.country) return {};
  const [country] = await writer.search("res.country", [["code", "=", def.country]], { limit: 1 });
  if (country === undefined) {
    throw new ConformanceError("CONFORMANCE_SEED", `no res.country with code ${def.country}`);
  }
  if (!def.state) return { country_id: country };
  const [state] = await writer.search(
    "res.country.state",
    [
      ["country_id", "=", country],
      ["name", "=", def.state],
    ],
    { limit: 1 },
  );
  if (state === undefined) {
    throw new ConformanceError("CONFORMANCE_SEED", `no state ${def.state} in ${def.country}`);
  }
  return { country_id: country, state_id: state };
}

/** Every scenario partner (active: archiving happens after their sales). */
export async function seedPartners(writer: OdooWriter): Promise<Record<PartnerKey, number>> {
  const ids = {} as Record<PartnerKey, number>;
  for (const [key, def] of Object.entries(PARTNERS) as [PartnerKey, PartnerDef][]) {
    const parent = def.parent ? ids[def.parent] : false;
    const values: Values = {
      name: def.name,
      is_company: def.company,
      parent_id: parent,
      type: def.parent ? "delivery" : "contact",
      ...(await countryAndState(writer, def)),
    };
    for (const field of ["ref", "vat", "email", "phone", "street", "street2", "zip", "city"]) {
      const value = def[field as keyof PartnerDef];
      if (typeof value === "string") values[field] = value;
    }
    ids[key] = await writer.findOrCreate(
      "res.partner",
      [
        ["name", "=", def.name],
        ["parent_id", "=", parent],
      ],
      values,
    );
  }
  return ids;
}

/** Storable before 18 was `type = product`; from 18 goods (`consu`) with `is_storable`. */
function productTypeValues(major: number, def: ProductDef): Values {
  const storable = def.kind === "serial";
  if (major >= 18) return { type: "consu", is_storable: storable };
  return { type: storable ? "product" : "consu" };
}

export async function seedProducts(writer: OdooWriter): Promise<Record<ProductKey, SeededProduct>> {
  const products = {} as Record<ProductKey, SeededProduct>;
  for (const [key, def] of Object.entries(PRODUCTS) as [ProductKey, ProductDef][]) {
    let [row] = await writer.searchRead(
      "product.product",
      [["default_code", "=", def.code]],
      ["product_tmpl_id", "uom_id"],
    );
    if (!row) {
      const templateId = await writer.create("product.template", {
        name: def.name,
        default_code: def.code,
        list_price: def.price,
        sale_ok: true,
        tracking: def.kind === "serial" ? "serial" : "none",
        ...productTypeValues(writer.major, def),
      });
      [row] = await writer.searchRead(
        "product.product",
        [["product_tmpl_id", "=", templateId]],
        ["product_tmpl_id", "uom_id"],
      );
    }
    const template = row?.product_tmpl_id;
    if (!row || !Array.isArray(template) || typeof template[0] !== "number") {
      throw new ConformanceError("CONFORMANCE_SEED", `product ${def.code} has no variant`);
    }
    const uom = row.uom_id;
    products[key] = {
      id: row.id,
      templateId: template[0],
      uomId: Array.isArray(uom) && typeof uom[0] === "number" ? uom[0] : 0,
      def,
    };
  }
  for (const product of Object.values(products)) {
    if (product.def.kind !== "kit") continue;
    await writer.findOrCreate(
      "mrp.bom",
      [
        ["product_tmpl_id", "=", product.templateId],
        ["type", "=", "phantom"],
      ],
      {
        product_tmpl_id: product.templateId,
        type: "phantom",
        product_qty: 1,
        bom_line_ids: (product.def.components ?? []).map((component) => [
          0,
          0,
          { product_id: products[component.product].id, product_qty: component.quantity },
        ]),
      },
    );
  }
  return products;
}
