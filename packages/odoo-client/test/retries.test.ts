import { afterAll, describe, expect, it } from "vitest";
import { createOdooClient } from "../src/index.ts";
import { backoffDelay } from "../src/policy.ts";
import {
  closedPortUrl,
  type FakeOdoo,
  odooLike,
  PASSWORD,
  type Reply,
  startFakeOdoo,
} from "./helpers/fake-odoo.ts";

const servers: FakeOdoo[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

/** A server whose search_count fails with `failure` for the first `times` calls, then answers 7. */
async function flaky(failure: Reply, times = Number.POSITIVE_INFINITY) {
  let failed = 0;
  const server = await startFakeOdoo(
    odooLike({
      execute: () => (failed++ < times ? failure : { result: 7 }),
    }),
  );
  servers.push(server);
  return server;
}

function clientFor(url: string, maxAttempts = 3) {
  return createOdooClient({
    url,
    db: "db",
    username: "u",
    password: PASSWORD,
    timeoutMs: 2_000,
    retry: { maxAttempts, baseDelayMs: 1, maxDelayMs: 10 },
  });
}

const html502 = { status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" };

describe("transient failures are retried", () => {
  it.each<[string, Reply]>([
    ["HTTP 502 with an HTML page", html502],
    ["HTTP 503", { status: 503, body: "Service Unavailable" }],
    ["HTTP 504", { status: 504, body: "Gateway Timeout" }],
    ["HTTP 429 without Retry-After", { status: 429, body: "Too Many Requests" }],
    ["a reset connection", { reset: true }],
  ])("%s: retried until it works", async (_, failure) => {
    const server = await flaky(failure, 2);
    const odoo = clientFor(server.url);
    await expect(odoo.searchCount("res.partner", [])).resolves.toBe(7);
    expect(server.count("search_count")).toBe(3);
    odoo.close();
  });

  it("gives up after maxAttempts with ODOO_UNAVAILABLE (retryable) and the HTTP status", async () => {
    const server = await flaky(html502);
    const odoo = clientFor(server.url, 4);
    await expect(odoo.searchCount("res.partner", [])).rejects.toMatchObject({
      code: "ODOO_UNAVAILABLE",
      retryable: true,
      httpStatus: 502,
    });
    expect(server.count("search_count")).toBe(4);
    odoo.close();
  });

  it("retries a refused connection (nobody listening)", async () => {
    const attempts: number[] = [];
    const odoo = createOdooClient({
      url: await closedPortUrl(),
      db: "db",
      username: "u",
      password: PASSWORD,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      onRpc: (event) => attempts.push(event.attempt),
    });
    await expect(odoo.version()).rejects.toMatchObject({
      code: "ODOO_UNAVAILABLE",
      retryable: true,
    });
    expect(attempts).toEqual([1, 2, 3]);
    odoo.close();
  });

  it("waits at least Retry-After on HTTP 429", async () => {
    const server = await flaky(
      { status: 429, body: "slow down", headers: { "Retry-After": "1" } },
      1,
    );
    const odoo = clientFor(server.url);
    await odoo.authenticate();
    const started = Date.now();
    await expect(odoo.searchCount("res.partner", [])).resolves.toBe(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.count("search_count")).toBe(2);
    odoo.close();
  });

  it("does not wait for a Retry-After that ends past the deadline: fails at once", async () => {
    const server = await flaky({ status: 429, body: "", headers: { "Retry-After": "30" } });
    const odoo = clientFor(server.url);
    await odoo.authenticate();
    const started = Date.now();
    await expect(
      odoo.searchCount("res.partner", [], { deadline: started + 5_000 }),
    ).rejects.toMatchObject({ code: "ODOO_UNAVAILABLE", httpStatus: 429, retryAfterMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.count("search_count")).toBe(1);
    odoo.close();
  });

  it("never sleeps past the deadline between attempts", async () => {
    const server = await flaky(html502);
    const odoo = createOdooClient({
      url: server.url,
      db: "db",
      username: "u",
      password: PASSWORD,
      retry: { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 },
      random: () => 0.99, // the backoff would be ~10 s
    });
    await odoo.authenticate();
    const started = Date.now();
    await expect(
      odoo.searchCount("res.partner", [], { deadline: started + 500 }),
    ).rejects.toMatchObject({ code: "ODOO_UNAVAILABLE" });
    expect(Date.now() - started).toBeLessThan(500);
    expect(server.count("search_count")).toBe(1);
    odoo.close();
  });
});

describe("everything else is not retried", () => {
  it.each<[string, Reply, string]>([
    [
      "fault 1 (server error)",
      { fault: { faultCode: 1, faultString: "Traceback...\nValueError: boom" } },
      "ODOO_SERVER_ERROR",
    ],
    [
      "fault 2 (user error)",
      { fault: { faultCode: 2, faultString: "Record does not exist or has been deleted." } },
      "ODOO_USER_ERROR",
    ],
    [
      "fault 3 (access denied)",
      { fault: { faultCode: 3, faultString: "Access Denied" } },
      "ODOO_AUTH_REJECTED",
    ],
    [
      "fault 4 (access error)",
      { fault: { faultCode: 4, faultString: "You are not allowed to access 'Contact'" } },
      "ODOO_ACCESS_DENIED",
    ],
    ["HTTP 404", { status: 404, body: "<html>Not Found</html>" }, "ODOO_PROTOCOL"],
    [
      "HTTP 500 with HTML",
      { status: 500, body: "<html>Internal Server Error</html>" },
      "ODOO_PROTOCOL",
    ],
    [
      "malformed XML with HTTP 200",
      { status: 200, body: "<?xml version='1.0'?><methodResponse><params><param>" },
      "ODOO_PROTOCOL",
    ],
  ])("%s: one request, %s", async (_, failure, code) => {
    const server = await flaky(failure);
    const odoo = clientFor(server.url, 5);
    await expect(odoo.searchCount("res.partner", [])).rejects.toMatchObject({
      code,
      retryable: false,
    });
    expect(server.count("search_count")).toBe(1);
    odoo.close();
  });
});

describe("backoff", () => {
  const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 0 };
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1_000],
    [9, 1_000],
  ])("retry %i waits at most %i ms (truncated exponential)", (retry, ceiling) => {
    expect(backoffDelay(retry, policy, () => 0.999_999)).toBe(ceiling - 1);
    expect(backoffDelay(retry, policy, () => 0)).toBe(0); // full jitter: anywhere from zero
  });
});
