/**
 * The recordings the conformance suite made against real Odoo servers
 * (`pnpm conformance ... --record packages/odoo-emulator/test/recordings/<version>`): each
 * directory holds `fixture.json` (the server's records at recording time) and `exchanges.json`
 * (every distinct request of the lookup, doctor and the probes, with Odoo's answer).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Fixture } from "../../src/index.ts";
import type { OdooVersion } from "../../src/schema/index.ts";

export interface RecordedExchange {
  phases: string[];
  request: { method: string; path: string; headers: Record<string, string>; body: string };
  response: { status: number; contentType: string; body: string };
}

export interface Recording {
  dir: string;
  odoo: string;
  version: OdooVersion;
  db: string;
  fixture: Fixture;
  exchanges: RecordedExchange[];
}

export const RECORDINGS_DIR = join(import.meta.dirname, "..", "recordings");

export function loadRecordings(root = RECORDINGS_DIR): Recording[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name))
    .filter((dir) => existsSync(join(dir, "exchanges.json")))
    .sort()
    .map((dir) => {
      const file = JSON.parse(readFileSync(join(dir, "exchanges.json"), "utf8")) as {
        odoo: string;
        db: string;
        exchanges: RecordedExchange[];
      };
      return {
        dir,
        odoo: file.odoo,
        version: Number.parseInt(file.odoo, 10) as OdooVersion,
        db: file.db,
        fixture: JSON.parse(readFileSync(join(dir, "fixture.json"), "utf8")) as Fixture,
        exchanges: file.exchanges,
      };
    });
}

/** `{{api_key:<login>}}` becomes the fixture user's stand-in key. */
export function fillPlaceholders(text: string, fixture: Fixture): string {
  return text.replace(/\{\{api_key:([^}]+)\}\}/g, (_, login: string) => {
    const key = fixture.users.find((user) => user.login === login)?.api_keys?.[0];
    if (key === undefined) throw new Error(`no fixture user ${login} with an API key`);
    return key;
  });
}

/** Phases the project itself makes (the lookup, doctor); the others are probes. */
export const isProjectPhase = (phase: string) => !phase.startsWith("probe: ");
