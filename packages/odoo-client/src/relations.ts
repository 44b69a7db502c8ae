/**
 * Relational fields (canonical names) the client follows when it translates dotted domain paths
 * such as `move_line_ids.lot_id.name` on stock.picking: each hop needs the comodel to know which
 * renames apply to the next segment. Paths through fields not listed here are passed on as
 * written after the last known hop.
 */
const COMMON: Readonly<Record<string, string>> = {
  company_id: "res.company",
  create_uid: "res.users",
  write_uid: "res.users",
};

export const RELATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "stock.picking": {
    move_ids: "stock.move",
    move_line_ids: "stock.move.line",
    partner_id: "res.partner",
    sale_id: "sale.order",
    picking_type_id: "stock.picking.type",
    location_id: "stock.location",
    location_dest_id: "stock.location",
    backorder_id: "stock.picking",
    product_id: "product.product",
  },
  "stock.move.line": {
    lot_id: "stock.lot",
    move_id: "stock.move",
    picking_id: "stock.picking",
    product_id: "product.product",
    location_id: "stock.location",
    location_dest_id: "stock.location",
  },
  "stock.move": {
    sale_line_id: "sale.order.line",
    move_line_ids: "stock.move.line",
    picking_id: "stock.picking",
    product_id: "product.product",
    partner_id: "res.partner",
    location_id: "stock.location",
    location_dest_id: "stock.location",
    origin_returned_move_id: "stock.move",
    returned_move_ids: "stock.move",
    picking_type_id: "stock.picking.type",
  },
  "stock.lot": {
    product_id: "product.product",
    quant_ids: "stock.quant",
  },
  "stock.quant": {
    lot_id: "stock.lot",
    product_id: "product.product",
    location_id: "stock.location",
  },
  "sale.order.line": {
    order_id: "sale.order",
    product_id: "product.product",
    move_ids: "stock.move",
    order_partner_id: "res.partner",
    product_uom_id: "uom.uom",
  },
  "sale.order": {
    order_line: "sale.order.line",
    picking_ids: "stock.picking",
    partner_id: "res.partner",
    partner_invoice_id: "res.partner",
    partner_shipping_id: "res.partner",
  },
  "product.product": {
    product_tmpl_id: "product.template",
  },
  "product.template": {
    product_variant_ids: "product.product",
    bom_ids: "mrp.bom",
  },
  "mrp.bom": {
    product_tmpl_id: "product.template",
    product_id: "product.product",
    bom_line_ids: "mrp.bom.line",
  },
  "mrp.bom.line": {
    bom_id: "mrp.bom",
    product_id: "product.product",
  },
  "res.partner": {
    parent_id: "res.partner",
    commercial_partner_id: "res.partner",
    child_ids: "res.partner",
    country_id: "res.country",
    state_id: "res.country.state",
  },
  "res.country.state": {
    country_id: "res.country",
  },
  "stock.picking.type": {
    default_location_src_id: "stock.location",
    default_location_dest_id: "stock.location",
  },
};

/** Canonical comodel of `model.field`, or undefined when the client does not know it. */
export function comodelOf(model: string, field: string): string | undefined {
  return RELATIONS[model]?.[field] ?? COMMON[field];
}
