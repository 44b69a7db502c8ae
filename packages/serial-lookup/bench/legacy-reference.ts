/**
 * A reference implementation of the EARLIER integration's call pattern (legacy-contract.md),
 * for the bench only: one sequential Odoo call after another, substring (`like`) matching,
 * one call per product, per picking and per order line, the last picking winning. It exists to
 * be measured against in the same run; it is never used to answer a lookup.
 */
import type { OdooClient, OdooRecord } from "@jsm-odoo/odoo-client";

const m2o = (value: unknown): number | undefined =>
  Array.isArray(value) && typeof value[0] === "number" ? value[0] : undefined;

export async function legacyLookup(
  client: OdooClient,
  serial: string,
): Promise<Record<string, unknown>> {
  // 1. Every move line whose lot name CONTAINS the serial (the earlier `like`).
  const lines = await client.searchRead("stock.move.line", [["lot_id.name", "like", serial]], {
    fields: ["lot_id", "product_id", "picking_id", "date"],
  });
  if (lines.length === 0) return { message: "Serial number not found" };
  // 2. The lot(s).
  const lotIds = [
    ...new Set(lines.map((line) => m2o(line.lot_id)).filter((id) => id !== undefined)),
  ];
  await client.read("stock.lot", lotIds, ["name", "product_id"]);
  // 3. One call per product.
  const products: OdooRecord[] = [];
  for (const id of new Set(lines.map((line) => m2o(line.product_id)))) {
    if (id !== undefined)
      products.push(...(await client.read("product.product", [id], ["name", "default_code"])));
  }
  // 4. One call per picking; the last outgoing one silently wins.
  let picking: OdooRecord | undefined;
  for (const id of new Set(lines.map((line) => m2o(line.picking_id)))) {
    if (id === undefined) continue;
    const [read] = await client.read(
      "stock.picking",
      [id],
      ["name", "origin", "picking_type_code", "partner_id", "date_done"],
    );
    if (read?.picking_type_code === "outgoing") picking = read;
  }
  if (!picking) return { message: "No delivery found" };
  // 5. The order by the picking's origin, then one call per order line.
  const [order] = await client.searchRead("sale.order", [["name", "=", picking.origin]], {
    fields: ["name", "client_order_ref", "partner_id", "partner_shipping_id", "order_line"],
  });
  if (!order) return { message: "No delivery found" };
  const orderLines: OdooRecord[] = [];
  for (const id of (order.order_line as number[]) ?? []) {
    orderLines.push(
      ...(await client.read(
        "sale.order.line",
        [id],
        ["name", "product_uom_qty", "price_unit", "product_id"],
      )),
    );
  }
  // 6. The customer.
  const [customer] = await client.read(
    "res.partner",
    [m2o(order.partner_id) ?? 0],
    ["name", "street", "city", "zip", "state_id", "country_id"],
  );
  const names = products.map((product) => String(product.name));
  return {
    SalesOrdernumber: order.name,
    Productdescription: names.find((name) => name.includes("Kit")) ?? names.join(", "),
    Productdescription2: orderLines.map((line) => line.name).join(" - "),
    Customer: customer?.name,
  };
}
