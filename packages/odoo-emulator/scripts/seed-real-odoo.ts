/**
 * pnpm -s emulator:seed-real --url U --db D --user L --password P [--serials N]
 *
 * Gives a real Odoo (16, 17 or 19, e.g. one from the team's real-odoo start script) the data the
 * calibration reads: a customer company in Norway with a delivery address, a serial-tracked
 * product, N lots put in stock, and one confirmed sale order per lot whose delivery is done.
 * Writes, so it needs an administrator; run it on a throwaway database, never production.
 * Idempotent: lots named CAL-0001.. that exist already are skipped. Prints the serials as JSON.
 * Over JSON-RPC, not XML-RPC: some of these methods return None, which XML-RPC cannot carry.
 */
import { parseArgs } from "node:util";
import { problemsMessage, readFlags } from "@jsm-odoo/function-runtime/settings";

type Json = unknown;

const usage =
  "usage: pnpm -s emulator:seed-real --url U --db D --user L --password P [--serials N]";

// A declaration, not an arrow: TypeScript narrows after a call only to a declared `never`.
function fail(message: string): never {
  process.stderr.write(`emulator:seed-real: ${message}\n${usage}\n`);
  process.exit(2);
}

const options = (() => {
  try {
    return parseArgs({
      options: {
        url: { type: "string" },
        db: { type: "string" },
        user: { type: "string" },
        password: { type: "string" },
        serials: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
})();
const flags = readFlags(options);
const url = flags.url("--url", { required: "the Odoo to seed" });
const db = flags.string("--db", { required: "a throwaway database" });
const user = flags.string("--user", { required: "an administrator's login" });
const password = flags.string("--password", { required: "its password" });
const count = flags.integer("--serials", { min: 1, max: 50, default: 3 });
if (!url || !db || !user || !password || count === undefined) {
  fail(problemsMessage("invalid options", flags.problems()));
}

let requestId = 0;
const rpc = async (service: string, method: string, args: Json[]): Promise<Json> => {
  const response = await fetch(`${url}/jsonrpc`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      method: "call",
      params: { service, method, args },
      id: ++requestId,
    }),
  });
  const body = (await response.json()) as {
    result?: Json;
    error?: { data?: { message?: string } };
  };
  if (body.error) throw new Error(body.error.data?.message ?? JSON.stringify(body.error));
  return body.result;
};

const uid = (await rpc("common", "authenticate", [db, user, password, {}])) as number | false;
if (!uid) fail(`cannot log in as ${user} on ${db}`);
const call = (model: string, method: string, args: Json[], kwargs: object = {}) =>
  rpc("object", "execute_kw", [db, uid, password, model, method, args, kwargs]);
const searchOne = async (model: string, domain: Json[]): Promise<number | undefined> =>
  ((await call(model, "search", [domain], { limit: 1 })) as number[])[0];
const findOrCreate = async (model: string, domain: Json[], values: object): Promise<number> =>
  (await searchOne(model, domain)) ?? ((await call(model, "create", [values])) as number);

const version = ((await rpc("common", "version", [])) as { server_version_info: [number] })
  .server_version_info[0];

const norway = await searchOne("res.country", [["code", "=", "NO"]]);
const customer = await findOrCreate("res.partner", [["name", "=", "Calibration Kunde AS"]], {
  name: "Calibration Kunde AS",
  is_company: true,
  street: "Storgata 1",
  zip: "0155",
  city: "Oslo",
  country_id: norway,
  email: "kunde@example.com",
  vat: "NO999999999MVA",
  ref: "CAL-CUST",
});
const shipping = await findOrCreate("res.partner", [["name", "=", "Calibration Lager"]], {
  name: "Calibration Lager",
  type: "delivery",
  parent_id: customer,
  street: "Lagerveien 9",
  zip: "5254",
  city: "Sandsli",
  country_id: norway,
});
const storable = version >= 18 ? { type: "consu", is_storable: true } : { type: "product" };
const template = await findOrCreate("product.template", [["default_code", "=", "CAL-CAM"]], {
  name: "Calibration Camera",
  default_code: "CAL-CAM",
  tracking: "serial",
  list_price: 1490,
  ...storable,
});
const product = (
  (await call("product.product", "search", [[["product_tmpl_id", "=", template]]])) as number[]
)[0] as number;
const warehouse = (await call("stock.warehouse", "search_read", [[]], {
  fields: ["lot_stock_id"],
  limit: 1,
})) as { lot_stock_id: [number, string] }[];
const stock = warehouse[0]?.lot_stock_id[0];
if (!stock) fail("the database has no warehouse");

const serials: string[] = [];
for (let i = 1; i <= count; i += 1) {
  const name = `CAL-${String(i).padStart(4, "0")}`;
  serials.push(name);
  if (await searchOne("stock.lot", [["name", "=", name]])) continue;
  const lot = (await call("stock.lot", "create", [{ name, product_id: product }])) as number;
  const quant = (await call("stock.quant", "create", [
    { product_id: product, location_id: stock, lot_id: lot, inventory_quantity: 1 },
  ])) as number;
  await call("stock.quant", "action_apply_inventory", [[quant]]);
  const order = (await call("sale.order", "create", [
    {
      partner_id: customer,
      partner_shipping_id: shipping,
      client_order_ref: `PO-${name}`,
      order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]],
    },
  ])) as number;
  await call("sale.order", "action_confirm", [[order]]);
  const [picking] = (await call("stock.picking", "search", [
    [["sale_id", "=", order]],
  ])) as number[];
  if (!picking) fail(`sale order ${order} has no delivery`);
  await call("stock.picking", "action_assign", [[picking]]);
  const lines = (await call("stock.move.line", "search", [
    [["picking_id", "=", picking]],
  ])) as number[];
  // The delivery ships this very lot, whichever the reservation chose.
  const done =
    version <= 16 ? { qty_done: 1, lot_id: lot } : { quantity: 1, lot_id: lot, picked: true };
  await call("stock.move.line", "write", [lines, done]);
  const result = await call("stock.picking", "button_validate", [[picking]]);
  if (result !== true)
    fail(`validating picking ${picking} asked for a wizard: ${JSON.stringify(result)}`);
}
process.stdout.write(`${JSON.stringify({ url, db, version, serials })}\n`);
