import { createOdooClient } from "@jsm-odoo/odoo-client";
import { createSerialLookup } from "./src/index.ts";
const [url, db, protocol, ...serials] = process.argv.slice(2);
const password = protocol === "json2" ? (process.env.KEY ?? "") : "admin";
const out: Record<string, unknown> = {};
for (const plan of ["nested", "flat"] as const) {
  const client = createOdooClient({ url, db, username: "admin", password, protocol: protocol as "xmlrpc" });
  const lookup = createSerialLookup(client, { plan });
  try { await lookup.init(); } catch (e) { console.error(String(e)); }
  client.resetStats();
  const t = performance.now();
  try { out[plan] = await lookup.lookup(serials); } catch (e) { console.error(plan, String(e)); client.close(); continue; }
  console.error(plan, (performance.now() - t).toFixed(1), "ms", client.stats().calls, "calls");
  client.close();
}
console.log(JSON.stringify(out.nested) === JSON.stringify(out.flat) ? "IDENTICAL" : "DIFFERENT");
console.log(JSON.stringify(out.nested, null, 1).slice(0, 3000));
if (JSON.stringify(out.nested) !== JSON.stringify(out.flat)) console.log(JSON.stringify(out.flat, null, 1).slice(0, 3000));
