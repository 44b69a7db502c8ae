/**
 * `pnpm -s bench [--odoo-version 19] [--iterations 20] [--server-ms real] [--workers 2]
 * [--latency-ms 0]`: the same comparison as against a live Odoo (bench/compare.ts), on the
 * emulator in its own process with a generated data set and the server-cost model calibrated
 * on real Odoo servers (each request holds one of `--workers` workers for what a real Odoo
 * charges), then the growth of a serial's history from 1 to 500 moves.
 */
import { createOdooClient } from "@jsm-odoo/odoo-client";
import { startEmulatorProcess } from "@jsm-odoo/odoo-emulator/child-process";
import { createSerialLookup } from "../src/index.ts";
import { INTEGRATION } from "../test/fixtures/builder.ts";
import type { EmulatorBenchOptions } from "./args.ts";
import { compareOnServer } from "./compare.ts";
import { buildDataset, HISTORY_SIZES } from "./dataset.ts";
import { legacyLookup } from "./legacy-reference.ts";
import { figures, metered, ratio, type Sample } from "./measure.ts";

export async function runEmulatorBench(options: EmulatorBenchOptions): Promise<unknown> {
  const { odooVersion, iterations, latencyMs, serverMs, workers } = options;
  const started = performance.now();
  const dataset = buildDataset();
  const emulator = await startEmulatorProcess({
    fixture: dataset.fixture,
    odooVersion,
    latencyMs,
    serverMs,
    workers,
  });
  const server = {
    url: emulator.url,
    db: emulator.db,
    user: INTEGRATION.login,
    password: INTEGRATION.apiKey,
  };
  try {
    const comparison = await compareOnServer(
      server,
      dataset.typical,
      iterations,
      dataset.typical.slice(0, 20),
    );

    // History growth: our default plan against the sequential pattern, one serial at a time.
    const raw = createOdooClient({ ...server, username: server.user, protocol: "xmlrpc" });
    const meter = metered(raw);
    const lookup = createSerialLookup(meter.client);
    await lookup.init();
    const growth = [];
    try {
      for (const size of HISTORY_SIZES) {
        const serial = dataset.byHistory.get(size) as string;
        const runs = Math.max(3, Math.ceil(iterations / 4));
        const ours: Sample[] = [];
        for (let run = 0; run < runs; run++) {
          ours.push(await meter.sample(() => lookup.lookup([serial])));
        }
        // The sequential pattern costs a request per move: fewer runs keep the bench short.
        const sequential: Sample[] = [];
        for (let run = 0; run < (size >= 100 ? 1 : runs); run++) {
          sequential.push(await meter.sample(() => legacyLookup(meter.client, serial)));
        }
        const [o, s] = [figures(ours), figures(sequential)];
        growth.push({ moves: size, ours: o, sequential: s, p50_vs_sequential: ratio(o, s) });
      }
    } finally {
      raw.close();
    }

    return {
      command: `pnpm -s bench --odoo-version ${odooVersion} --iterations ${iterations} --server-ms ${serverMs} --workers ${workers} --latency-ms ${latencyMs}`,
      emulator: { odoo_version: odooVersion, server_ms: serverMs, workers, latency_ms: latencyMs },
      dataset: dataset.counts,
      ...comparison,
      history_growth: growth,
      bench_seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await emulator.close();
  }
}
