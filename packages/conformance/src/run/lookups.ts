/**
 * The lookup as the lookup function runs it: `@jsm-odoo/serial-lookup`'s public API over a
 * client from `createOdooClient`, as the integration user with its API key, once per protocol.
 */
import {
  createOdooClient,
  FIRST_JSON2_MAJOR,
  type OdooProtocolSetting,
  type ProtocolChoice,
} from "@jsm-odoo/odoo-client";
import { createSerialLookup, type SerialResult } from "@jsm-odoo/serial-lookup";
import { compareValues, type Mismatch } from "./compare.ts";

export interface LookupTarget {
  url: string;
  db: string;
  login: string;
  apiKey: string;
  major: number;
}

export interface LookupOutcome {
  protocol: OdooProtocolSetting;
  /** The protocol the client used (auto decides). */
  used: string;
  serials: number;
  rpcs: number;
  mismatches: Mismatch[];
}

/** The protocols to prove on a server: XML-RPC everywhere, JSON-2 from 19, auto always. */
export function protocolsFor(major: number): OdooProtocolSetting[] {
  return major >= FIRST_JSON2_MAJOR ? ["xmlrpc", "json2", "auto"] : ["xmlrpc", "auto"];
}

export async function checkLookup(
  target: LookupTarget,
  protocol: OdooProtocolSetting,
  requests: readonly ReadonlyMap<string, SerialResult>[],
): Promise<LookupOutcome> {
  let choice: ProtocolChoice | undefined;
  const client = createOdooClient({
    url: target.url,
    db: target.db,
    username: target.login,
    password: target.apiKey,
    protocol,
    timeoutMs: 60_000,
    onProtocolChosen: (chosen) => {
      choice = chosen;
    },
  });
  try {
    const lookup = createSerialLookup(client);
    const mismatches: Mismatch[] = [];
    let serials = 0;
    for (const expected of requests) {
      const asked = [...expected.keys()];
      serials += asked.length;
      const results = await lookup.lookup(asked);
      const found = compareValues(
        asked.map((serial) => expected.get(serial)),
        results,
        "results",
      );
      // Name each difference by the serial asked rather than its position.
      for (const m of found) {
        mismatches.push({
          ...m,
          path: m.path.replace(/^results\[(\d+)\]/, (_, i: string) => asked[Number(i)] ?? ""),
        });
      }
    }
    const used = choice?.protocol ?? protocol;
    const wanted =
      protocol !== "auto" ? protocol : target.major >= FIRST_JSON2_MAJOR ? "json2" : "xmlrpc";
    if (used !== wanted)
      mismatches.push({ path: "protocol in use", expected: wanted, actual: used });
    return { protocol, used, serials, rpcs: client.stats().calls, mismatches };
  } finally {
    client.close();
  }
}
