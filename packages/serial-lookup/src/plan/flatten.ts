/**
 * `web_read` answers nest related records (`{"picking_id": {"id": 7, "name": ..., "sale_id":
 * {...}}}`); assembly works on flat records as `read()` returns them (`[7, "WH/OUT/00007"]`).
 * Flattening turns one into the other and collects every nested record read for its own fields,
 * by model, so both plans hand assembly the same shape.
 */
import type { OdooRecord, Specification } from "@jsm-odoo/odoo-client";

/** Models of the relational fields the lookup reads nested, in the newest names. */
const COMODELS: Readonly<Record<string, string>> = {
  lot_id: "stock.lot",
  product_id: "product.product",
  picking_id: "stock.picking",
  move_id: "stock.move",
  location_id: "stock.location",
  location_dest_id: "stock.location",
  sale_line_id: "sale.order.line",
  sale_id: "sale.order",
  order_id: "sale.order",
  order_line: "sale.order.line",
  partner_id: "res.partner",
  partner_shipping_id: "res.partner",
};

/** Records collected from nested answers, by model and id; one record read twice is merged. */
export class RecordSink {
  private readonly byModel = new Map<string, Map<number, OdooRecord>>();

  add(model: string, record: OdooRecord): void {
    const records = this.byModel.get(model) ?? new Map<number, OdooRecord>();
    records.set(record.id, { ...records.get(record.id), ...record });
    this.byModel.set(model, records);
  }

  of(model: string): OdooRecord[] {
    return [...(this.byModel.get(model)?.values() ?? [])];
  }
}

function isRecord(value: unknown): value is OdooRecord {
  return (
    typeof value === "object" && value !== null && typeof (value as OdooRecord).id === "number"
  );
}

/** A nested spec that reads more than the label is a record to collect. */
function readsFields(spec: Specification): boolean {
  return Object.keys(spec).some((name) => name !== "display_name");
}

/**
 * One nested record as `read()` would return it: a many2one as `[id, display_name]` (or
 * `false`; `[id, false]` where the label was not asked for), an x2many as its ids; nested
 * records with fields of their own go to the sink.
 */
export function flatten(
  record: OdooRecord,
  specification: Specification,
  sink: RecordSink,
): OdooRecord {
  const out: OdooRecord = { id: record.id };
  for (const [name, value] of Object.entries(record)) {
    const nested = specification[name]?.fields;
    if (nested === undefined || value === false || value === null) {
      out[name] = value;
      continue;
    }
    const comodel = COMODELS[name];
    const collect = (item: OdooRecord) => {
      // Past an x2many's limit Odoo sends `{id}` alone: nothing read, nothing to collect.
      if (comodel !== undefined && readsFields(nested) && Object.keys(item).length > 1) {
        sink.add(comodel, flatten(item, nested, sink));
      }
    };
    if (Array.isArray(value)) {
      const items = value.filter(isRecord);
      items.forEach(collect);
      out[name] = items.map((item) => item.id);
    } else if (isRecord(value)) {
      collect(value);
      const label = value.display_name;
      out[name] = [value.id, typeof label === "string" ? label : false];
    } else {
      out[name] = value;
    }
  }
  return out;
}
