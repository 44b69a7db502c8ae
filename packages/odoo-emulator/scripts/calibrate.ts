/**
 * pnpm -s emulator:calibrate --url U --db D --user L --password P [--api-key K] [--iterations N]
 *
 * Measures what a real Odoo charges per request (scripts/calibration/series.ts): each request
 * kind and protocol sent sequentially `N` times (after 3 unmeasured), p50/p90/min in
 * milliseconds; then fits the emulator's server-cost model (src/server-cost.ts) to them and
 * prints one JSON document. JSON-2 needs an API key (Odoo 19+). Reads only; needs a database
 * with at least one delivered serial sold through a sale order (`pnpm -s emulator:seed-real`).
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { problemsMessage, readFlags } from "@jsm-odoo/function-runtime/settings";
import { fitModel, type Measurement } from "./calibration/fit.ts";
import { buildSeries, type CalibrationSample } from "./calibration/series.ts";
import { type CalibrationTarget, ormCall, type Protocol, xmlrpc } from "./calibration/wire.ts";

const USAGE =
  "usage: pnpm -s emulator:calibrate --url U --db D --user L --password P [--api-key K] [--iterations N]";

// A declaration, not an arrow: TypeScript narrows after a call only to a declared `never`.
function fail(message: string): never {
  process.stderr.write(`emulator:calibrate: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const parsed = (() => {
  try {
    return parseArgs({
      options: {
        url: { type: "string" },
        db: { type: "string" },
        user: { type: "string" },
        password: { type: "string" },
        "api-key": { type: "string" },
        iterations: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (parsed.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const flags = readFlags(parsed);
const url = flags.url("--url", { required: "the Odoo to measure" });
const db = flags.string("--db", { required: "its database" });
const user = flags.string("--user", { required: "a login that reads the seeded data" });
const password = flags.string("--password", { required: "its password or API key" });
const apiKey = flags.raw("--api-key");
const iterations = flags.integer("--iterations", { min: 5, max: 1000, default: 30 });
if (!url || !db || !user || !password || iterations === undefined) {
  fail(problemsMessage("invalid options", flags.problems()));
}
const server: CalibrationTarget = {
  url: url.replace(/\/+$/, ""),
  db,
  login: user,
  password,
  ...(apiKey ? { apiKey } : {}),
};

const discover = async (): Promise<CalibrationSample> => {
  const info = (await xmlrpc(server, "common", "version", []).send()).answer as {
    server_version_info: [number];
  };
  const version = info.server_version_info[0];
  const uid = (
    await xmlrpc(server, "common", "authenticate", [
      server.db,
      server.login,
      server.password,
      {},
    ]).send()
  ).answer;
  if (typeof uid !== "number") return fail(`cannot log in as ${server.login} on ${server.db}`);
  const call = (model: string, method: string, kwargs: Record<string, unknown>) =>
    ormCall(server, uid, "jsonrpc", model, method, kwargs)
      .send()
      .then(({ answer }) => answer);
  const [line] = (await call("stock.move.line", "search_read", {
    domain: [
      ["state", "=", "done"],
      ["lot_id", "!=", false],
      ["location_dest_id.usage", "=", "customer"],
      ["move_id.sale_line_id", "!=", false],
    ],
    fields: ["lot_id"],
    limit: 1,
    order: "id desc",
  })) as { id: number; lot_id: [number, string] }[];
  if (!line)
    return fail(
      "no delivered serial sold through a sale order on this database (see emulator:seed-real)",
    );
  const saleLineIds = (await call("sale.order.line", "search", {
    domain: [],
    limit: 3,
    order: "id desc",
  })) as number[];
  return {
    uid,
    version,
    serial: line.lot_id[1],
    moveLineId: line.id,
    saleLineIds,
    manyLinesPattern: "%",
  };
};

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number;
const round = (ms: number) => Math.round(ms * 10) / 10;

const answerRecords = (answer: unknown): number => {
  if (Array.isArray(answer)) return answer.length;
  const records = (answer as { records?: unknown[] } | null)?.records;
  return Array.isArray(records) ? records.length : 0;
};

const sample = await discover();
const protocols: Protocol[] = [
  "xmlrpc",
  "jsonrpc",
  ...(server.apiKey && sample.version >= 19 ? (["json2"] as const) : []),
];
const allSeries = buildSeries(server, sample, protocols);
for (const series of allSeries) for (let i = 0; i < 3; i += 1) await series.request.send();
// Round robin: a burst of load on the machine falls on every series alike.
const times = allSeries.map(() => [] as number[]);
const records = allSeries.map((series) => series.records);
const loadBefore = loadavg()[0] as number;
for (let i = 0; i < iterations; i += 1) {
  for (const [index, series] of allSeries.entries()) {
    const { ms, answer } = await series.request.send();
    times[index]?.push(ms);
    if (series.kind !== "version" && series.kind !== "authenticate")
      records[index] = answerRecords(answer);
  }
}
const measurements: Measurement[] = allSeries.map((series, index) => {
  const sorted = [...(times[index] ?? [])].sort((a, b) => a - b);
  return {
    kind: series.kind,
    protocol: series.protocol,
    relations: series.relations,
    records: records[index] ?? 0,
    p50_ms: round(percentile(sorted, 50)),
    p90_ms: round(percentile(sorted, 90)),
    min_ms: round(sorted[0] ?? 0),
  };
});
process.stdout.write(
  `${JSON.stringify(
    {
      command: `pnpm -s emulator:calibrate --url ${server.url} --db ${server.db} --user ${server.login} --password *** ${server.apiKey ? "--api-key *** " : ""}--iterations ${iterations}`,
      server_version: sample.version,
      iterations,
      // The machine's 1-minute load average: other processes inflate every figure alike.
      load_average: [round(loadBefore), round(loadavg()[0] as number)],
      serial: sample.serial,
      measurements,
      model: fitModel(measurements),
    },
    null,
    2,
  )}\n`,
);
