/**
 * Replays every request the conformance suite recorded against a real Odoo (16, 17, 19) on the
 * emulator's profile of that version, holding the very records the server had, and asserts the
 * same answer (replay/compare.ts). Refresh: `pnpm conformance ... --record <dir>` (README).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { ACCEPTED_DIFFERENCES } from "./replay/accepted.ts";
import { toAnswer } from "./replay/answers.ts";
import { answerDifferences } from "./replay/compare.ts";
import {
  fillPlaceholders,
  isProjectPhase,
  loadRecordings,
  type RecordedExchange,
  type Recording,
} from "./replay/recordings.ts";

const recordings = loadRecordings();

async function replay(odoo: RunningEmulator, recording: Recording, exchange: RecordedExchange) {
  const { request, response } = exchange;
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      fillPlaceholders(value, recording.fixture),
    ]),
  );
  const answer = await fetch(`${odoo.url}${request.path}`, {
    method: request.method,
    headers,
    body: request.method === "GET" ? undefined : fillPlaceholders(request.body, recording.fixture),
    redirect: "manual",
  });
  const [recorded, emulated] = await Promise.all([
    toAnswer(response.status, response.contentType, response.body),
    toAnswer(answer.status, answer.headers.get("content-type") ?? "", await answer.text()),
  ]);
  return answerDifferences(recorded, emulated);
}

const accepted = (phase: string, difference: string) =>
  ACCEPTED_DIFFERENCES.some((a) => phase === `probe: ${a.probe}` && a.difference.test(difference));

it("has recordings of Odoo 16, 17 and 19", () => {
  expect(recordings.map((r) => r.version)).toEqual([16, 17, 19]);
});

it("accepts differences on probes only, never on what the project sends, each listed in the README", () => {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  for (const difference of ACCEPTED_DIFFERENCES) {
    expect(isProjectPhase(`probe: ${difference.probe}`)).toBe(false);
    expect(readme).toContain(`| \`${difference.probe}\``);
  }
});

describe.each(recordings.map((recording) => [recording.odoo, recording] as const))(
  "the emulator's Odoo %s profile answers as the recorded Odoo",
  (_, recording) => {
    let odoo: RunningEmulator;
    beforeAll(async () => {
      odoo = await startEmulator({ fixture: recording.fixture, odooVersion: recording.version });
    });
    afterAll(() => odoo?.close());

    const phases = [...new Set(recording.exchanges.flatMap((e) => e.phases))];
    it.each(phases)("%s", async (phase) => {
      const differences: string[] = [];
      for (const exchange of recording.exchanges.filter((e) => e.phases.includes(phase))) {
        const found = await replay(odoo, recording, exchange);
        const summary = `${exchange.request.method} ${exchange.request.path} ${exchange.request.body.slice(0, 160).replace(/\s+/g, " ")}`;
        for (const difference of found) {
          if (!accepted(phase, difference)) differences.push(`${summary}\n    ${difference}`);
        }
      }
      expect(differences).toEqual([]);
    });
  },
);
