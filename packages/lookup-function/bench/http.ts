/**
 * `pnpm --filter @jsm-odoo/lookup-function bench [-- --requests N --latency-ms L --serials K]`:
 * end-to-end latency of the lookup function over HTTP (Functions Framework stack, jose token
 * check, secrets, serial-lookup) against the Odoo emulator with a per-request latency. Prints one
 * JSON document: cold and warm timings and Odoo requests per lookup.
 */
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { createLogger, problemsMessage, readFlags } from "@jsm-odoo/function-runtime";
import { signTestToken, startLocalIssuer } from "@jsm-odoo/local-issuer";
import { DEMO, startEmulator } from "@jsm-odoo/odoo-emulator";
import { createLookupFunction } from "../src/function.ts";

const USAGE =
  "usage: pnpm --filter @jsm-odoo/lookup-function bench [-- --requests N (50)] [--latency-ms N (20)] [--serials N (3), at most the demo's serials]";

/** A bad option is one line and exit 2, never a parseArgs stack trace or a run with NaN. */
function usage(problem: string): never {
  process.stderr.write(`bench: ${problem}\n${USAGE}\n`);
  process.exit(2);
}

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    // `pnpm bench -- --requests 10` passes the `--` through.
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: {
      requests: { type: "string" },
      "latency-ms": { type: "string" },
      serials: { type: "string" },
    },
  }));
} catch (error) {
  usage((error as Error).message.split("\n")[0] ?? "bad arguments");
}
const flags = readFlags(values);
const demoSerials = Object.values(DEMO.serials);
const requests = flags.integer("--requests", { min: 1, max: 100_000, default: 50 });
const latencyMs = flags.integer("--latency-ms", { min: 0, max: 600_000, default: 20 });
const serialCount = flags.integer("--serials", {
  min: 1,
  max: demoSerials.length,
  default: 3,
  what: "at most the demo's serials",
});
if (requests === undefined || latencyMs === undefined || serialCount === undefined) {
  usage(problemsMessage("invalid options", flags.problems()));
}
const serials = demoSerials.slice(0, serialCount);

const AUDIENCE = "https://bench.local.test/lookup-prod";
const TRIGGER = "odoo-trigger-prod@bench.iam.gserviceaccount.com";
const [emulator, issuer] = await Promise.all([startEmulator({ latencyMs }), startLocalIssuer()]);
const handler = createLookupFunction(
  {
    ENVIRONMENT: "prod",
    SECRETS_SOURCE: "env",
    SECRETS_ENV_FILE: "/nonexistent/.env",
    EXPECTED_AUDIENCE: AUDIENCE,
    TRIGGER_ACCOUNT: TRIGGER,
    TOKEN_VERIFICATION: "jwks",
    JWKS_URL: issuer.jwksUrl,
    TOKEN_ISSUER: issuer.issuer,
    ODOO_PROD_SERVER: emulator.url,
    ODOO_PROD_DB: emulator.db,
    ODOO_PROD_USER: DEMO.users.integration.login,
    ODOO_PROD_PASS: DEMO.users.integration.apiKey,
  },
  { logger: createLogger({ write: () => {} }) },
);
functions.http("bench-lookup", handler as functions.HttpFunction);
const server = getTestServer("bench-lookup");
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const token = await signTestToken(issuer, { aud: AUDIENCE, email: TRIGGER, email_verified: true });

async function once(): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ serial_numbers: serials }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`lookup answered ${response.status}`);
  return performance.now() - started;
}

const coldMs = await once();
const before = emulator.requests();
const timings: number[] = [];
for (let i = 0; i < requests; i++) timings.push(await once());
const odooRequests = (emulator.requests() - before) / requests;
timings.sort((a, b) => a - b);
const at = (q: number) =>
  timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;
console.log(
  JSON.stringify(
    {
      requests,
      serials_per_request: serials.length,
      odoo_latency_ms: latencyMs,
      cold_first_request_ms: round(coldMs),
      p50_ms: round(at(0.5)),
      p95_ms: round(at(0.95)),
      odoo_requests_per_lookup: round(odooRequests),
      // Odoo requests run concurrently: p50 over the injected latency bounds the dependent round
      // trips on the critical path (function overhead included).
      p50_in_odoo_latencies: round(at(0.5) / latencyMs),
    },
    null,
    2,
  ),
);
server.close();
await Promise.all([emulator.close(), issuer.close()]);
