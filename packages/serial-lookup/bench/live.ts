/**
 * `pnpm -s bench --url U --db D --user L --password P --serial S [--serial S ...]`: ours and the
 * earlier sequential call pattern against one live Odoo, in one run. Every variant this server
 * supports (plan x protocol) and the sequential pattern take turns, one lookup each per round,
 * so a busy moment of the server or machine hits them all alike. With several serials, one
 * more figure: all of them in one request. Prints one JSON document.
 */
import { createOdooClient, type OdooProtocol } from "@jsm-odoo/odoo-client";
import { createSerialLookup, type SerialLookup } from "../src/index.ts";
import type { LiveBenchOptions } from "./args.ts";
import { legacyLookup } from "./legacy-reference.ts";
import { type Figures, figures, type Metered, metered, ratio, type Sample } from "./measure.ts";

interface Variant {
  name: string;
  meter: Metered;
  run(serials: readonly string[]): Promise<unknown>;
  close(): void;
}

export async function runLiveBench(options: LiveBenchOptions): Promise<Record<string, unknown>> {
  const { url, db, user, password, serials, iterations } = options;
  const connect = (protocol: OdooProtocol) =>
    metered(createOdooClient({ url, db, username: user, password, protocol }));
  const probe = createOdooClient({ url, db, username: user, password, protocol: "xmlrpc" });
  const profile = await probe.profile();
  probe.close();

  const variants: Variant[] = [];
  const sequential = connect("xmlrpc");
  variants.push({
    name: "sequential_xmlrpc",
    meter: sequential,
    run: async (batch) => {
      for (const serial of batch) await legacyLookup(sequential.client, serial);
    },
    close: () => sequential.client.close(),
  });
  const protocols: OdooProtocol[] = profile.major >= 19 ? ["xmlrpc", "json2"] : ["xmlrpc"];
  const plans = profile.readsWithSpecification
    ? (["nested", "flat"] as const)
    : (["flat"] as const);
  for (const plan of plans) {
    for (const protocol of protocols) {
      const meter = connect(protocol);
      const lookup: SerialLookup = createSerialLookup(meter.client, { plan });
      variants.push({
        name: `${plan}_${protocol}`,
        meter,
        run: (batch) => lookup.lookup(batch),
        close: () => meter.client.close(),
      });
    }
  }

  try {
    // Login, version, fields_get and a first lookup (warm caches, keep-alive sockets) are paid
    // once per process in production too: outside the figures.
    for (const variant of variants) await variant.run(serials.slice(0, 1));
    const samples = new Map<string, Sample[]>(variants.map((v) => [v.name, []]));
    for (let round = 0; round < iterations; round++) {
      const serial = serials[round % serials.length] as string;
      for (const variant of variants) {
        samples.get(variant.name)?.push(await variant.meter.sample(() => variant.run([serial])));
      }
    }
    const one = Object.fromEntries(
      [...samples].map(([name, list]) => [name, figures(list)]),
    ) as Record<string, Figures>;
    const baseline = one.sequential_xmlrpc as Figures;
    const report: Record<string, unknown> = {
      command: `pnpm -s bench --url ${url} --db ${db} --user ${user} --password *** ${serials.map((s) => `--serial ${s}`).join(" ")} --iterations ${iterations}`,
      odoo_version: profile.version,
      serials: serials.length,
      one_serial: one,
      p50_vs_sequential: Object.fromEntries(
        Object.entries(one)
          .filter(([name]) => name !== "sequential_xmlrpc")
          .map(([name, figure]) => [name, ratio(figure, baseline)]),
      ),
    };
    if (serials.length > 1) {
      const batch: Record<string, Figures> = {};
      for (const variant of variants.filter((v) => v.name !== "sequential_xmlrpc")) {
        const list: Sample[] = [];
        for (let run = 0; run < Math.max(3, Math.ceil(iterations / 4)); run++) {
          list.push(await variant.meter.sample(() => variant.run(serials)));
        }
        batch[variant.name] = figures(list);
      }
      report.all_serials_in_one_request = batch;
    }
    return report;
  } finally {
    for (const variant of variants) variant.close();
  }
}
