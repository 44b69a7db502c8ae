// The alerts' log filters against the lines the functions really write: an alert whose filter
// names a field nobody logs would never fire, and nothing else would notice.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@jsm-odoo/function-runtime";
import { createLookupFunction, type LookupRequest } from "@jsm-odoo/lookup-function";
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signals } from "../src/index.ts";
import { matchesFilter } from "./helpers/log-filter.ts";

const AUDIENCE = "https://europe-west1-jsm-odoo-test.cloudfunctions.net/jsm-odoo-lookup-prod";
const TRIGGER = "odoo-trigger-prod@jsm-odoo-test.iam.gserviceaccount.com";
let emulator: RunningEmulator;
const servers: Server[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await emulator?.close();
});

/** An ID token as Cloud Run passes it on once IAM checked it (the function decodes the claims). */
function platformToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ alg: "RS256", typ: "JWT" }),
    part({
      iss: "https://accounts.google.com",
      aud: AUDIENCE,
      email: TRIGGER,
      email_verified: true,
      iat: now,
      exp: now + 600,
    }),
    "SIGNATURE_REMOVED_BY_GOOGLE",
  ].join(".");
}

/** Runs the real prod lookup function with these Odoo secrets; returns its log entries for one lookup. */
async function lookupLogs(
  odoo: Record<string, string>,
): Promise<{ status: number; entries: Record<string, unknown>[] }> {
  const lines: string[] = [];
  const handler = createLookupFunction(
    {
      ENVIRONMENT: "prod",
      SECRETS_SOURCE: "env",
      SECRETS_ENV_FILE: "/nonexistent/.env",
      EXPECTED_AUDIENCE: AUDIENCE,
      TRIGGER_ACCOUNT: TRIGGER,
      TOKEN_VERIFICATION: "platform",
      REQUEST_DEADLINE_MS: "5000",
      ODOO_PROD_SERVER: emulator.url,
      ODOO_PROD_DB: emulator.db,
      ODOO_PROD_USER: DEMO.users.integration.login,
      ODOO_PROD_PASS: DEMO.users.integration.apiKey,
      ...odoo,
    },
    { logger: createLogger({ write: (line) => lines.push(line) }) },
  );
  // What the Functions Framework does before the handler: the parsed and the raw body.
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    Object.assign(req, { rawBody, body: JSON.parse(rawBody.toString("utf8")) });
    await handler(req as LookupRequest, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    headers: { authorization: `Bearer ${platformToken()}`, "content-type": "application/json" },
    body: JSON.stringify({ serial_number: DEMO.serials.kit }),
  });
  await response.arrayBuffer();
  // Cloud Logging reads each JSON line into jsonPayload.
  return {
    status: response.status,
    entries: lines.map((line) => ({ jsonPayload: JSON.parse(line) })),
  };
}

describe("Odoo rejecting the login", () => {
  it("the lookup's line when Odoo refuses the API key matches the alert's filter", async () => {
    const { status, entries } = await lookupLogs({ ODOO_PROD_PASS: "revoked-api-key" });
    expect(status).toBe(502);
    const matching = entries.filter((e) => matchesFilter(signals.ODOO_LOGIN_REJECTED_FILTER, e));
    expect(matching).toHaveLength(1);
  });

  it("a found serial and an unreachable Odoo do not", async () => {
    const found = await lookupLogs({});
    expect(found.status).toBe(200);
    const down = await lookupLogs({ ODOO_PROD_SERVER: "http://127.0.0.1:9" });
    expect(down.status).toBe(502);
    const all = [...found.entries, ...down.entries];
    expect(all.length).toBeGreaterThan(1);
    expect(all.filter((e) => matchesFilter(signals.ODOO_LOGIN_REJECTED_FILTER, e))).toEqual([]);
  });
});

describe("failure ceiling", () => {
  // The token function's line is agreed by name (signals.FAILURE_CEILING_LOG); this checks the
  // filter reads that line and nothing close to it.
  it("matches the agreed line, with or without other fields, and not the per-instance budget line", () => {
    const line = (fields: object) => ({ jsonPayload: { severity: "ERROR", ...fields } });
    const { message, field } = signals.FAILURE_CEILING_LOG;
    expect(matchesFilter(signals.FAILURE_CEILING_FILTER, line({ message, [field]: 100 }))).toBe(
      true,
    );
    expect(matchesFilter(signals.FAILURE_CEILING_FILTER, line({ message }))).toBe(false);
    expect(
      matchesFilter(
        signals.FAILURE_CEILING_FILTER,
        line({
          message: "failure budget spent: refusing every token request until failures age out",
          [field]: 50,
        }),
      ),
    ).toBe(false);
  });
});

describe("the filter reader used here", () => {
  it.each([
    ['a.b="x"', { a: { b: "x" } }, true],
    ['a.b="x"', { a: { b: "xy" } }, false],
    ['a.b:"x"', { a: { b: "xy" } }, true],
    ["a.b:*", { a: {} }, false],
    ['NOT (a="1" OR a="2")', { a: "3" }, true],
    ['a="1" AND (b="2" OR c="3")', { a: "1", c: "3" }, true],
  ])("%s on %j is %s", (filter, entry, expected) => {
    expect(matchesFilter(filter, entry)).toBe(expected);
  });

  it("refuses AND and OR mixed without parentheses", () => {
    expect(() => matchesFilter('a="1" AND b="2" OR c="3"', {})).toThrow(/mixed AND\/OR/);
  });
});
