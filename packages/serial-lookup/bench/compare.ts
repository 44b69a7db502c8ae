/**
 * Ours and the earlier sequential call pattern against one Odoo (live, or the emulator with its
 * server-cost model), in one run. Every variant the server supports (plan x protocol) and the
 * sequential pattern take turns, one lookup each per round, so a busy moment of the server or
 * the machine hits them all alike. With several serials, one more figure: all of them in one
 * request.
 */
import { createOdooClient, type OdooProtocol } from "@jsm-odoo/odoo-client";
import { createSerialLookup, type SerialLookup } from "../src/index.ts";

import { legacyLookup } from "./legacy-reference.ts";
import { type Figures, figures, type Metered, metered, ratio, type Sample } from "./measure.ts";

interface Variant {
  name: string;
  meter: Metered;
  run(serials: readonly string[]): Promise<unknown>;
  close(): void;
}

export interface Server {
  url: string;
  db: string;
  user: string;
  password: string;
}

export interface Comparison {
  odoo_version: string;
  one_serial: Record<string, Figures>;
  /** p50 of each variant over the sequential pattern's: below 1 is faster. */
  p50_vs_sequential: Record<string, number>;
  all_serials_in_one_request?: Record<string, Figures>;
}

export async function compareOnServer(
  server: Server,
  serials: readonly string[],
  iterations: number,
  batch: readonly string[] = serials,
): Promise<Comparison> {
  const { url, db, user, password } = server;
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
    const report: Comparison = {
      odoo_version: profile.version,
      one_serial: one,
      p50_vs_sequential: Object.fromEntries(
        Object.entries(one)
          .filter(([name]) => name !== "sequential_xmlrpc")
          .map(([name, figure]) => [name, ratio(figure, baseline)]),
      ),
    };
    if (batch.length > 1) {
      const together: Record<string, Figures> = {};
      for (const variant of variants.filter((v) => v.name !== "sequential_xmlrpc")) {
        const list: Sample[] = [];
        for (let run = 0; run < Math.max(3, Math.ceil(iterations / 4)); run++) {
          list.push(await variant.meter.sample(() => variant.run(batch)));
        }
        together[variant.name] = figures(list);
      }
      report.all_serials_in_one_request = together;
    }
    return report;
  } finally {
    for (const variant of variants) variant.close();
  }
}
