/** Sales: orders and their lines (sale, sale_stock). */
import { productDisplayName } from "./base-models.ts";
import {
  boolean,
  char,
  datetime,
  float,
  type ModelDef,
  many2one,
  monetary,
  one2many,
  type RecordView,
  related,
  type Selection,
  selection,
} from "./types.ts";

const ORDER_STATES_17: Selection = [
  ["draft", "Quotation"],
  ["sent", "Quotation Sent"],
  ["sale", "Sales Order"],
  ["cancel", "Cancelled"],
];
const ORDER_STATES_14: Selection = [
  ["draft", "Quotation"],
  ["sent", "Quotation Sent"],
  ["sale", "Sales Order"],
  ["done", "Locked"],
  ["cancel", "Cancelled"],
];

const str = (record: RecordView | undefined, field: string): string => {
  const value = record?.get(field);
  return typeof value === "string" ? value : "";
};

/**
 * "S00042 - <description>" and, from 17, " (<customer's reference or name>)" (its commercial
 * entity's; up to 16 only the order partner's own reference, when it has one). The description
 * is the first line of the line's name up to 18; from 19 the product's display name when the
 * line kept the product's default description, else that description's second line.
 */
const saleLineDisplayName = (line: RecordView): string => {
  const order = line.one("order_id");
  const product = line.one("product_id");
  const name = str(line, "name");
  let description =
    name.split("\n")[0] || (product ? str(product.one("product_tmpl_id"), "name") : "");
  if (line.version >= 19 && product) {
    const productName = productDisplayName(product);
    const parts = name.split("\n");
    description = name === productName ? productName : parts[1] || productName;
  }
  const label = `${str(order, "name")} - ${description}`;
  const partner = order?.one("partner_id");
  if (line.version <= 16) {
    const ref = str(partner, "ref");
    return ref ? `${label} (${ref})` : label;
  }
  const commercial = partner?.one("commercial_partner_id") ?? partner;
  return `${label} (${str(commercial, "ref") || str(commercial, "name")})`;
};

export const saleModels: Record<string, ModelDef> = {
  "sale.order": {
    description: "Sales Order",
    order: "date_order desc, id desc",
    fields: {
      name: char("Order Reference", { required: true }),
      partner_id: many2one("res.partner", "Customer", { required: true }),
      partner_invoice_id: many2one("res.partner", "Invoice Address", {
        fallback: related("partner_id"),
      }),
      partner_shipping_id: many2one("res.partner", "Delivery Address", {
        fallback: related("partner_id"),
      }),
      client_order_ref: char("Customer Reference"),
      origin: char("Source Document"),
      date_order: datetime("Order Date", { required: true }),
      // Odoo 17 replaced state "done" by the `locked` flag; older versions show a locked
      // confirmed order as state "done".
      state: selection("Status", ORDER_STATES_17, {
        default: "draft",
        selectionFor: (version) => (version >= 17 ? ORDER_STATES_17 : ORDER_STATES_14),
        versionValue: (value, version, order) =>
          version <= 16 && value === "sale" && order.get("locked") === true ? "done" : value,
      }),
      locked: boolean("Locked", { since: 17 }),
      order_line: one2many("sale.order.line", "order_id", "Order Lines"),
      picking_ids: one2many("stock.picking", "sale_id", "Transfers"),
      user_id: many2one("res.users", "Salesperson"),
      company_id: many2one("res.company", "Company", { required: true }),
      currency_id: many2one("res.currency", "Currency", {
        fallback: related("company_id.currency_id"),
      }),
      amount_total: monetary("Total"),
    },
  },
  "sale.order.line": {
    description: "Sales Order Line",
    order: "order_id, sequence, id",
    displayName: saleLineDisplayName,
    fields: {
      order_id: many2one("sale.order", "Order Reference", { required: true }),
      sequence: float("Sequence", { default: 10 }),
      product_id: many2one("product.product", "Product"),
      name: char("Description", { required: true }),
      product_uom_qty: float("Quantity", { default: 1 }),
      product_uom_id: many2one("uom.uom", "Unit", { names: [{ upTo: 18, name: "product_uom" }] }),
      price_unit: float("Unit Price"),
      price_subtotal: monetary("Subtotal"),
      qty_delivered: float("Delivery Quantity"),
      move_ids: one2many("stock.move", "sale_line_id", "Stock Moves"),
      order_partner_id: many2one("res.partner", "Customer", {
        compute: related("order_id.partner_id"),
      }),
      state: selection("Order Status", ORDER_STATES_17, {
        compute: related("order_id.state"),
        selectionFor: (version) => (version >= 17 ? ORDER_STATES_17 : ORDER_STATES_14),
        versionValue: (value, version, line) =>
          version <= 16 && value === "sale" && line.one("order_id")?.get("locked") === true
            ? "done"
            : value,
      }),
      company_id: many2one("res.company", "Company", { compute: related("order_id.company_id") }),
    },
  },
};
