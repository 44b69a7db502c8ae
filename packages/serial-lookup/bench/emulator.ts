/**
 * `pnpm -s bench [--latency-ms 20] [--iterations 20] [--odoo-version 17]`: the emulator bench.
 *
 * Starts the emulator as a child process with a per-request latency and a generated data set, then
 * measures our lookup and the earlier version's sequential call pattern (legacy-reference.ts)
 * against it, over real XML-RPC, in the same run; then the same typical serials against an Odoo 19
 * over XML-RPC and over JSON-2 (`transports_on_odoo_19`). Prints ONE JSON document on stdout.
 * `round_trips` = p50 / latency: how many latencies a lookup waits for on its critical path.
 */
import { createOdooClient, type OdooClient, type OdooProtocol } from "@jsm-odoo/odoo-client";
import { percentile } from "../src/cli/timing.ts";
import { createSerialLookup } from "../src/index.ts";
import { INTEGRATION } from "../test/fixtures/builder.ts";
import { measureWaves } from "../test/waves.ts";
import type { EmulatorBenchOptions } from "./args.ts";
import { buildDataset, HISTORY_SIZES } from "./dataset.ts";
import { type EmulatorProcess, startEmulatorProcess } from "./emulator-process.ts";
import { legacyLookup } from "./legacy-reference.ts";

export async function runEmulatorBench(options: EmulatorBenchOptions): Promise<unknown> {
  const { latencyMs, iterations, odooVersion } = options;

  interface Figures {
    runs: number;
    p50_ms: number;
    p95_ms: number;
    rpcs_per_lookup: number;
    round_trips: number;
    /** Dependent RPC waves on the critical path, from call timings (not affected by CPU noise). */
    dependent_round_trips: number;
    /**
     * With `paired`: median over runs of (time with latency - time of the same lookup just before
     * without latency) / latency: the waiting on Odoo alone, the machine's CPU noise removed.
     */
    round_trips_net_of_cpu?: number;
  }

  /** One Odoo and one client to measure with. */
  interface Target {
    emulator: EmulatorProcess;
    client: OdooClient;
    meter: ReturnType<typeof measureWaves>;
  }

  /** Runs `work` for each serial in turn, `runs` times in total; RPCs counted by the client. */
  async function measure(
    { emulator, client, meter }: Target,
    runs: number,
    serials: readonly string[],
    work: (serial: string) => Promise<unknown>,
    paired = false,
  ): Promise<Figures> {
    const durations: number[] = [];
    const rpcs: number[] = [];
    const waves: number[] = [];
    const net: number[] = [];
    for (let run = 0; run < runs; run++) {
      const serial = serials[run % serials.length] as string;
      let baseline = 0;
      if (paired) {
        await emulator.setLatency(0);
        const started = performance.now();
        await work(serial);
        baseline = performance.now() - started;
        await emulator.setLatency(latencyMs);
      }
      client.resetStats();
      meter.reset();
      const started = performance.now();
      await work(serial);
      durations.push(performance.now() - started);
      rpcs.push(client.stats().calls);
      waves.push(meter.waves());
      if (paired) net.push(((durations.at(-1) as number) - baseline) / latencyMs);
    }
    const p50 = percentile(durations, 50);
    return {
      runs,
      p50_ms: p50,
      p95_ms: percentile(durations, 95),
      rpcs_per_lookup: percentile(rpcs, 50),
      round_trips: Math.round((p50 / latencyMs) * 10) / 10,
      dependent_round_trips: percentile(waves, 50),
      ...(paired ? { round_trips_net_of_cpu: percentile(net, 50) } : {}),
    };
  }

  const ratio = (legacy: Figures, ours: Figures) => ({
    p50_ms: Math.round((legacy.p50_ms / ours.p50_ms) * 10) / 10,
    rpcs_per_lookup: Math.round((legacy.rpcs_per_lookup / ours.rpcs_per_lookup) * 10) / 10,
    round_trips: Math.round((legacy.round_trips / ours.round_trips) * 10) / 10,
  });

  function connect(emulator: EmulatorProcess, protocol: OdooProtocol): Target {
    const client = createOdooClient({
      url: emulator.url,
      db: emulator.db,
      username: INTEGRATION.login,
      password: INTEGRATION.apiKey,
      protocol,
    });
    return { emulator, client, meter: measureWaves(client) };
  }

  /**
   * The same typical serials over XML-RPC and JSON-2 against one Odoo 19 (the first release with
   * both): what moving to JSON-2 costs or saves per lookup.
   */
  async function compareTransports(serials: readonly string[]) {
    const odoo19 = await startEmulatorProcess(dataset.fixture, 19);
    const targets = { xmlrpc: connect(odoo19, "xmlrpc"), json2: connect(odoo19, "json2") };
    try {
      const figures: Partial<Record<OdooProtocol, Figures>> = {};
      for (const [protocol, target] of Object.entries(targets) as [OdooProtocol, Target][]) {
        const lookup = createSerialLookup(target.meter.client);
        await odoo19.setLatency(0);
        await lookup.init();
        await lookup.lookup([serials[0] as string]);
        await odoo19.setLatency(latencyMs);
        figures[protocol] = await measure(
          target,
          iterations,
          serials,
          (s) => lookup.lookup([s]),
          true,
        );
      }
      return figures as Record<OdooProtocol, Figures>;
    } finally {
      for (const target of Object.values(targets)) target.client.close();
      await odoo19.close();
    }
  }

  const started = performance.now();
  const dataset = buildDataset();
  const emulator = await startEmulatorProcess(dataset.fixture, odooVersion);
  const target = connect(emulator, "xmlrpc");
  const { client } = target;
  const odoo = target.meter.client;
  try {
    const lookup = createSerialLookup(odoo);
    // Authentication, version and fields_get happen once per process: outside the figures.
    await lookup.init();
    // Warm-up without latency (JIT, keep-alive sockets), then the measured runs with latency.
    await lookup.lookup([dataset.typical[0] as string]);
    await legacyLookup(odoo, dataset.typical[0] as string);
    await emulator.setLatency(latencyMs);

    const oursTypical = await measure(
      target,
      iterations,
      dataset.typical,
      (s) => lookup.lookup([s]),
      true,
    );
    const legacyTypical = await measure(
      target,
      iterations,
      dataset.typical,
      (s) => legacyLookup(odoo, s),
      true,
    );
    const batch = dataset.typical.slice(0, 20);
    const ours20 = await measure(
      target,
      Math.max(3, Math.ceil(iterations / 4)),
      [batch.join(",")],
      () => lookup.lookup(batch),
    );

    const growth = [];
    for (const size of HISTORY_SIZES) {
      const serial = dataset.byHistory.get(size) as string;
      const ours = await measure(target, Math.max(3, Math.ceil(iterations / 2)), [serial], (s) =>
        lookup.lookup([s]),
      );
      // The sequential pattern costs ~`size` latencies per run: fewer runs keep the bench short.
      const legacyRuns = size >= 500 ? 1 : size >= 100 ? 2 : Math.max(3, Math.ceil(iterations / 4));
      const legacy = await measure(target, legacyRuns, [serial], (s) => legacyLookup(odoo, s));
      growth.push({ moves: size, ours, legacy, ratio: ratio(legacy, ours) });
    }

    const report = {
      command: `pnpm -s bench --latency-ms ${latencyMs} --iterations ${iterations} --odoo-version ${odooVersion}`,
      latency_ms: latencyMs,
      odoo_version: odooVersion,
      node: process.version,
      dataset: dataset.counts,
      typical_serial: {
        ours: oursTypical,
        legacy: legacyTypical,
        ratio: ratio(legacyTypical, oursTypical),
      },
      twenty_serials_in_one_request: ours20,
      history_growth: growth,
      transports_on_odoo_19: await compareTransports(dataset.typical),
      bench_seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    return report;
  } finally {
    client.close();
    await emulator.close();
  }
}
