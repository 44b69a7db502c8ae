/**
 * Writes a recording directory: `fixture.json` (the server's records, see fixture-export.ts) and
 * `exchanges.json` (every distinct request with Odoo's answer, and the phases that sent it).
 * API keys become `{{api_key:<login>}}`, which the replay test fills with the fixture user's
 * stand-in key; the files are checked to hold no secret before they are written.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Fixture } from "@jsm-odoo/odoo-emulator";
import { ConformanceError } from "../errors.ts";
import type { ProxiedExchange } from "./proxy.ts";

export interface RecordedExchange extends Omit<ProxiedExchange, "phase"> {
  /** Every phase that sent this very request (and got this very answer). */
  phases: string[];
}

export interface ExchangesFile {
  /** Odoo's server_version, e.g. "19.0". */
  odoo: string;
  db: string;
  exchanges: RecordedExchange[];
}

/** Same request, same answer: kept once, with every phase that made it. */
export function distinctExchanges(all: readonly ProxiedExchange[]): RecordedExchange[] {
  const byKey = new Map<string, RecordedExchange>();
  for (const { phase, request, response } of all) {
    const key = JSON.stringify([request, response]);
    const seen = byKey.get(key);
    if (seen) {
      if (!seen.phases.includes(phase)) seen.phases.push(phase);
    } else byKey.set(key, { phases: [phase], request, response });
  }
  return [...byKey.values()];
}

/** Replaces each secret by its placeholder, in every string of the value. */
export function withPlaceholders<T>(value: T, secrets: ReadonlyMap<string, string>): T {
  let text = JSON.stringify(value);
  for (const [secret, placeholder] of secrets) text = text.split(secret).join(placeholder);
  return JSON.parse(text) as T;
}

export async function writeRecording(
  dir: string,
  files: { fixture: Fixture; exchanges: ExchangesFile },
  secrets: ReadonlyMap<string, string>,
): Promise<void> {
  const fixture = `${JSON.stringify(files.fixture, null, 2)}\n`;
  const exchanges = `${JSON.stringify(withPlaceholders(files.exchanges, secrets), null, 2)}\n`;
  for (const secret of secrets.keys()) {
    if (fixture.includes(secret) || exchanges.includes(secret)) {
      throw new ConformanceError("CONFORMANCE_USAGE", "a secret would be written to the recording");
    }
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "fixture.json"), fixture);
  await writeFile(join(dir, "exchanges.json"), exchanges);
}
