/**
 * Client throughput and overhead against the local emulator (loopback, no injected latency).
 * Run: ./pnpmw --filter @jsm-odoo/odoo-client bench  [-- --rounds 100 --concurrency 10 --odoo-version 17 --protocol xmlrpc|json2]
 * Prints one JSON line: wall-clock figures plus the client's own RPC stats.
 */
import { parseArgs } from "node:util";
import { problemsMessage, readFlags } from "@jsm-odoo/function-runtime/settings";
import { DEMO, type OdooVersion, startEmulator } from "@jsm-odoo/odoo-emulator";
import { createOdooClient } from "../src/index.ts";

// pnpm 10 passes a leading "--" through to the script: drop it so both spellings work.
const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv[0] === "--" ? argv.slice(1) : argv,
  options: {
    rounds: { type: "string" },
    concurrency: { type: "string" },
    "odoo-version": { type: "string" },
    protocol: { type: "string" },
  },
});
const flags = readFlags(values);
const rounds = flags.integer("--rounds", { min: 1, max: 1_000_000, default: 100 });
const concurrency = flags.integer("--concurrency", { min: 1, max: 1000, default: 10 });
const protocol = flags.oneOf("--protocol", ["xmlrpc", "json2"], { default: "xmlrpc" });
const odooVersion = flags.integer("--odoo-version", { min: 14, max: 19, default: 17 });
if (
  rounds === undefined ||
  concurrency === undefined ||
  protocol === undefined ||
  odooVersion === undefined
) {
  process.stderr.write(`bench: ${problemsMessage("invalid options", flags.problems())}\n`);
  process.exit(2);
}
// JSON-2 exists on Odoo 19 only.
const version = (protocol === "json2" ? 19 : odooVersion) as OdooVersion;

const emulator = await startEmulator({ odooVersion: version });
const client = createOdooClient({
  url: emulator.url,
  db: emulator.db,
  username: DEMO.users.integration.login,
  password: DEMO.users.integration.apiKey,
  protocol,
});
const query = () =>
  client.searchRead("stock.move.line", [["lot_id.name", "=", DEMO.serials.plain]], {
    fields: ["quantity", "picking_id", "move_id"],
  });

try {
  await query(); // version + authenticate + first connection
  client.resetStats();

  const durations: number[] = [];
  const sequentialStart = performance.now();
  for (let i = 0; i < rounds; i += 1) {
    const t = performance.now();
    await query();
    durations.push(performance.now() - t);
  }
  const sequentialMs = performance.now() - sequentialStart;

  const concurrentStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < rounds) {
        next += 1;
        await query();
      }
    }),
  );
  const concurrentMs = performance.now() - concurrentStart;

  durations.sort((a, b) => a - b);
  const pct = (p: number) =>
    Number((durations[Math.floor((durations.length - 1) * p)] ?? 0).toFixed(2));
  const stats = client.stats();
  console.log(
    JSON.stringify({
      odoo_version: version,
      protocol,
      rounds,
      concurrency,
      sequential_rpc_per_s: Math.round((rounds / sequentialMs) * 1000),
      sequential_ms_p50: pct(0.5),
      sequential_ms_p95: pct(0.95),
      concurrent_rpc_per_s: Math.round((rounds / concurrentMs) * 1000),
      client_rpcs: stats.calls,
      client_errors: stats.errors,
      emulator_requests: emulator.requests(),
    }),
  );
} finally {
  client.close();
  await emulator.close();
}
