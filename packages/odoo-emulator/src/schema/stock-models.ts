/** Inventory: locations, operation types, lots/serials, pickings, moves and move lines. */
import { productDisplayName } from "./base-models.ts";
import {
  boolean,
  char,
  datetime,
  float,
  type ModelDef,
  many2many,
  many2one,
  one2many,
  type RecordView,
  related,
  selection,
  type Value,
} from "./types.ts";

const str = (record: RecordView | undefined, field: string): string => {
  const value = record?.get(field);
  return typeof value === "string" ? value : "";
};

const PICKING_TYPE_CODES = [
  ["incoming", "Receipt"],
  ["outgoing", "Delivery"],
  ["internal", "Internal Transfer"],
  ["mrp_operation", "Manufacturing"],
] as const;

const PICKING_STATES = [
  ["draft", "Draft"],
  ["waiting", "Waiting Another Operation"],
  ["confirmed", "Waiting"],
  ["assigned", "Ready"],
  ["done", "Done"],
  ["cancel", "Cancelled"],
] as const;

const MOVE_STATES = [
  ["draft", "New"],
  ["waiting", "Waiting Another Move"],
  ["confirmed", "Waiting Availability"],
  ["partially_available", "Partially Available"],
  ["assigned", "Available"],
  ["done", "Done"],
  ["cancel", "Cancelled"],
] as const;

/** Odoo stock.location: "WH/Stock"; a `view` location's children are prefixed, the view itself not. */
const locationCompleteName = (location: RecordView): string => {
  const parent = location.one("location_id");
  if (parent && location.get("usage") !== "view") {
    return `${locationCompleteName(parent)}/${str(location, "name")}`;
  }
  return str(location, "name");
};

/** stock.move.reference: the picking's name, else the move's own description. */
const moveReference = (move: RecordView): Value =>
  str(move.one("picking_id"), "name") || move.get("name");

const moveLinePickingType = (line: RecordView): Value =>
  line.one("picking_id")?.get("picking_type_id") ??
  line.one("move_id")?.get("picking_type_id") ??
  false;

const LOCATION_USAGES = [
  ["supplier", "Vendor Location"],
  ["view", "View"],
  ["internal", "Internal Location"],
  ["customer", "Customer Location"],
  ["inventory", "Inventory Loss"],
  ["production", "Production"],
  ["transit", "Transit Location"],
] as const;

export const stockModels: Record<string, ModelDef> = {
  "stock.location": {
    description: "Inventory Locations",
    order: "complete_name, id",
    displayName: locationCompleteName,
    fields: {
      name: char("Location Name", { required: true }),
      complete_name: char("Full Location Name", { compute: locationCompleteName }),
      location_id: many2one("stock.location", "Parent Location"),
      usage: selection("Location Type", LOCATION_USAGES, { default: "internal", required: true }),
      company_id: many2one("res.company", "Company"),
      active: boolean("Active", { default: true }),
    },
  },
  "stock.warehouse": {
    description: "Warehouse",
    fields: {
      name: char("Warehouse", { required: true }),
      code: char("Short Name", { required: true }),
      company_id: many2one("res.company", "Company"),
      active: boolean("Active", { default: true }),
    },
  },
  "stock.picking.type": {
    description: "Picking Type",
    // "<warehouse name>: <name>" when the type belongs to a warehouse (stock.picking.type
    // name_get up to 16, _compute_display_name from 17), else its name.
    displayName: (type) => {
      const warehouse = str(type.one("warehouse_id"), "name");
      return warehouse ? `${warehouse}: ${str(type, "name")}` : str(type, "name");
    },
    fields: {
      name: char("Operation Type", { required: true }),
      code: selection("Type of Operation", PICKING_TYPE_CODES, { required: true }),
      sequence_code: char("Sequence Prefix"),
      default_location_src_id: many2one("stock.location", "Default Source Location"),
      default_location_dest_id: many2one("stock.location", "Default Destination Location"),
      warehouse_id: many2one("stock.warehouse", "Warehouse"),
      company_id: many2one("res.company", "Company"),
      active: boolean("Active", { default: true }),
    },
  },
  "stock.lot": {
    description: "Lot/Serial",
    order: "name, id",
    names: [{ upTo: 15, name: "stock.production.lot" }],
    fields: {
      name: char("Lot/Serial Number", { required: true }),
      ref: char("Internal Reference"),
      product_id: many2one("product.product", "Product", { required: true }),
      company_id: many2one("res.company", "Company"),
      note: char("Description"),
    },
  },
  "stock.picking": {
    description: "Transfer",
    fields: {
      name: char("Reference"),
      origin: char("Source Document"),
      partner_id: many2one("res.partner", "Contact"),
      picking_type_id: many2one("stock.picking.type", "Operation Type", { required: true }),
      picking_type_code: selection("Type of Operation", PICKING_TYPE_CODES, {
        compute: related("picking_type_id.code"),
      }),
      state: selection("Status", PICKING_STATES, { default: "draft" }),
      scheduled_date: datetime("Scheduled Date"),
      // Odoo 19 dropped the transfer's creation date (create_date remains).
      date: datetime("Creation Date", { until: 18 }),
      date_done: datetime("Date of Transfer"),
      location_id: many2one("stock.location", "Source Location"),
      location_dest_id: many2one("stock.location", "Destination Location"),
      move_ids: one2many("stock.move", "picking_id", "Stock Moves", {
        names: [{ upTo: 15, name: "move_lines" }],
      }),
      move_line_ids: one2many("stock.move.line", "picking_id", "Operations"),
      // Stored related to the procurement group up to 18, computed from the moves' sale lines
      // in 19: both give the same answer on consistent data.
      sale_id: many2one("sale.order", "Sales Order", {
        fallback: (picking) => {
          for (const move of picking.many("move_ids")) {
            const order = move.one("sale_line_id")?.get("order_id");
            if (order) return order;
          }
          return false;
        },
      }),
      carrier_tracking_ref: char("Tracking Reference"),
      return_id: many2one("stock.picking", "Return of", { since: 17 }),
      return_ids: one2many("stock.picking", "return_id", "Returns", { since: 17 }),
      company_id: many2one("res.company", "Company"),
    },
  },
  "stock.move": {
    description: "Stock Move",
    // `<origin>/<product code>: <from>><to>` with the locations' own names (stock.move
    // name_get up to 16, _compute_display_name from 17): "S00025/HUD-L1-CAM: Stock>Customers".
    displayName: (move) => {
      const origin = str(move.one("picking_id"), "origin");
      const code = str(move.one("product_id"), "default_code");
      return `${origin ? `${origin}/` : ""}${code ? `${code}: ` : ""}${str(move.one("location_id"), "name")}>${str(move.one("location_dest_id"), "name")}`;
    },
    fields: {
      // Odoo 19 dropped the move's description field.
      name: char("Description", { until: 18 }),
      reference: char("Reference", { compute: moveReference }),
      origin: char("Source Document"),
      product_id: many2one("product.product", "Product", { required: true }),
      product_uom_qty: float("Demand"),
      // Done quantity: `quantity_done` up to 16, `quantity` from 17.
      quantity: float("Quantity", { names: [{ upTo: 16, name: "quantity_done" }] }),
      product_uom: many2one("uom.uom", "UoM"),
      state: selection("Status", MOVE_STATES, { default: "draft" }),
      date: datetime("Date Scheduled"),
      location_id: many2one("stock.location", "Source Location", { required: true }),
      location_dest_id: many2one("stock.location", "Destination Location", { required: true }),
      picking_id: many2one("stock.picking", "Transfer"),
      picking_type_id: many2one("stock.picking.type", "Operation Type", {
        fallback: related("picking_id.picking_type_id"),
      }),
      picking_code: selection("Type of Operation", PICKING_TYPE_CODES, {
        compute: related("picking_type_id.code"),
      }),
      sale_line_id: many2one("sale.order.line", "Sale Line"),
      origin_returned_move_id: many2one("stock.move", "Origin return move"),
      returned_move_ids: one2many("stock.move", "origin_returned_move_id", "All returned moves"),
      move_line_ids: one2many("stock.move.line", "move_id", "Move Lines"),
      lot_ids: many2many("stock.lot", "Serial Numbers", {
        compute: (move) => [
          ...new Set(
            move.many("move_line_ids").flatMap((line) => line.many("lot_id").map((l) => l.id)),
          ),
        ],
      }),
      company_id: many2one("res.company", "Company"),
    },
  },
  "stock.move.line": {
    description: "Product Moves (Stock Move Line)",
    // `_rec_name = "product_id"`: a move line reads as its product ("[HUD-IQ] Huddly IQ").
    displayName: (line) => {
      const product = line.one("product_id");
      return product ? productDisplayName(product) : "";
    },
    fields: {
      move_id: many2one("stock.move", "Stock Operation"),
      picking_id: many2one("stock.picking", "Transfer", {
        fallback: related("move_id.picking_id"),
      }),
      picking_type_id: many2one("stock.picking.type", "Operation type", {
        compute: moveLinePickingType,
      }),
      picking_code: selection("Type of Operation", PICKING_TYPE_CODES, {
        compute: related("picking_type_id.code"),
      }),
      product_id: many2one("product.product", "Product", {
        fallback: related("move_id.product_id"),
      }),
      product_uom_id: many2one("uom.uom", "Unit of Measure"),
      lot_id: many2one("stock.lot", "Lot/Serial Number"),
      lot_name: char("Lot/Serial Number Name"),
      quantity: float("Quantity", { names: [{ upTo: 16, name: "qty_done" }] }),
      picked: boolean("Picked", { since: 17 }),
      date: datetime("Date", { fallback: related("move_id.date") }),
      location_id: many2one("stock.location", "From", { fallback: related("move_id.location_id") }),
      location_dest_id: many2one("stock.location", "To", {
        fallback: related("move_id.location_dest_id"),
      }),
      // Related, not stored (stock/models/stock_move_line.py, seen on 16, 17 and 19).
      location_usage: selection("Source Location Type", LOCATION_USAGES, {
        compute: related("location_id.usage"),
        since: 16,
      }),
      location_dest_usage: selection("Destination Location Type", LOCATION_USAGES, {
        compute: related("location_dest_id.usage"),
        since: 16,
      }),
      state: selection("Status", MOVE_STATES, { fallback: related("move_id.state") }),
      reference: char("Reference", {
        compute: (line) =>
          line.one("move_id")?.get("reference") || line.one("picking_id")?.get("name") || false,
      }),
      origin: char("Source", { compute: related("move_id.origin") }),
      company_id: many2one("res.company", "Company"),
    },
  },
};
