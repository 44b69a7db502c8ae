// The alerts' log filters against the lines the functions really write: an alert whose filter
// names a field nobody logs would never fire, and nothing else would notice.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@jsm-odoo/function-runtime";
import { createLookupFunction } from "@jsm-odoo/lookup-function";
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { createTokenFunction } from "@jsm-odoo/token-function";
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

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Serves a function on loopback as the Functions Framework would: parsed and raw JSON body. */
async function serve(handler: Handler): Promise<string> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    Object.assign(req, { rawBody, body: JSON.parse(rawBody.toString("utf8")) });
    await handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
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
  const response = await fetch(await serve(handler as Handler), {
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
  /** Runs the real token function, MAX_INSTANCES 40 (a ceiling of 2), and sends wrong passwords. */
  async function tokenLogs(guesses: number): Promise<Record<string, unknown>[]> {
    const lines: string[] = [];
    const handler = createTokenFunction(
      {
        SECRETS_SOURCE: "env",
        SECRETS_ENV_FILE: "/nonexistent/.env",
        ACCESS_PASSWORD: "q7Vd2Lx9_Rk4mZ-pT1wYc8HnB3sJf6",
        ENVIRONMENTS: "prod",
        MAX_INSTANCES: "40",
        TOKEN_MINTER: "local",
        IAM_CREDENTIALS_ENDPOINT: "http://127.0.0.1:9",
        LOOKUP_URL_PROD: AUDIENCE,
        TRIGGER_ACCOUNT_PROD: TRIGGER,
        GOOGLE_CLOUD_PROJECT: "jsm-odoo-test",
      },
      { write: (line) => lines.push(line) },
    );
    const url = await serve(handler);
    for (let i = 0; i < guesses; i += 1) {
      const response = await fetch(url, {
        method: "POST",
        // Each guess from another address: no per-address budget is spent, the ceiling is.
        headers: { "content-type": "application/json", "x-forwarded-for": `192.0.2.${i}` },
        body: JSON.stringify({ password: `wrong-guess-${i}`, environment: "prod" }),
      });
      expect(response.status).toBe(401);
    }
    return lines.map((line) => ({ jsonPayload: JSON.parse(line) }));
  }

  it("the token function's line when wrong passwords reach its ceiling matches the alert's filter", async () => {
    const entries = await tokenLogs(4);
    const matching = entries.filter((e) => matchesFilter(signals.FAILURE_CEILING_FILTER, e));
    expect(matching).toHaveLength(1);
    expect(matching[0]?.jsonPayload).toMatchObject({ severity: "ERROR" });
  });

  it("wrong passwords below the ceiling do not", async () => {
    const entries = await tokenLogs(1);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => matchesFilter(signals.FAILURE_CEILING_FILTER, e))).toEqual([]);
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
