import type { RunningLocalIssuer } from "@jsm-odoo/local-issuer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { budgetKey, clientAddress } from "../src/client-address.ts";
import { FAILURE_CEILING_ALERT } from "../src/deployment.ts";
import { createFailureBudget, MAX_TRACKED_ADDRESSES } from "../src/failure-budget.ts";
import {
  jsonRequest,
  localEnv,
  PASSWORD,
  type RunningTokenFunction,
  serveTokenFunction,
  startLocalIssuer,
} from "./harness.ts";

describe("the failure budget belongs to the address Google's front end reports", () => {
  let issuer: RunningLocalIssuer;
  let fn: RunningTokenFunction | undefined;
  beforeAll(async () => {
    issuer = await startLocalIssuer();
  });
  afterEach(async () => {
    await fn?.close();
    fn = undefined;
  });
  afterAll(() => issuer.close());

  const ask = (password: string, forwardedFor: string) =>
    jsonRequest(
      fn?.url ?? "",
      { password, environment: "prod" },
      {
        "x-forwarded-for": forwardedFor,
      },
    );

  it("lets the right password through from another address after 1,000 wrong guesses from one", async () => {
    fn = await serveTokenFunction(localEnv(issuer)); // MAX_INSTANCES 2: 50 per address and hour
    const statuses = new Map<number, number>();
    // 25 at a time: guesses arriving together must not get past the budget either.
    for (let batch = 0; batch < 40; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, i) => ask(`guess-${batch}-${i}`, "203.0.113.7")),
      );
      for (const { status } of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: 50, 429: 950 });
    expect((await ask(PASSWORD, "198.51.100.9")).status).toBe(200);
    expect((await ask(PASSWORD, "203.0.113.7")).status).toBe(429);
  }, 60_000);

  it("reads only the rightmost X-Forwarded-For entry: a client cannot pick another's budget", async () => {
    fn = await serveTokenFunction({ ...localEnv(issuer), MAX_INSTANCES: "40" }); // budget 2
    // The attacker names JSM's address first; the front end appends the real one.
    for (const guess of ["guess-1", "guess-2", "guess-3"]) {
      await ask(guess, "198.51.100.9, 203.0.113.7");
    }
    expect((await ask(PASSWORD, "198.51.100.9")).status).toBe(200);
    expect((await ask(PASSWORD, "203.0.113.7")).status).toBe(429);
  });

  it("never blocks for the instance-wide ceiling but logs one alert line when it is reached", async () => {
    fn = await serveTokenFunction({ ...localEnv(issuer), MAX_INSTANCES: "40" }); // ceiling 2
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await ask(`guess-${i}`, `192.0.2.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    expect((await ask(PASSWORD, "192.0.2.200")).status).toBe(200);
    const alerts = fn.entries().filter((e) => e.alert === FAILURE_CEILING_ALERT);
    expect(alerts).toEqual([
      expect.objectContaining({
        severity: "ERROR",
        message: "failure ceiling reached: wrong passwords from many addresses",
        failuresThisHour: 2,
        ceilingPerHour: 2,
      }),
    ]);
  });
});

describe("createFailureBudget", () => {
  it("keeps memory bounded under a flood of distinct addresses", () => {
    const budget = createFailureBudget({ perAddress: 50, ceiling: 50 });
    for (let i = 0; i < 3 * MAX_TRACKED_ADDRESSES; i += 1) budget.recordFailure(`10.${i}`);
    expect(budget.trackedAddresses()).toBe(MAX_TRACKED_ADDRESSES);
    expect(budget.totalFailures()).toBe(3 * MAX_TRACKED_ADDRESSES);
  });

  it("alerts once per crossing of the ceiling, again after an hour of flood", () => {
    let now = 0;
    const budget = createFailureBudget({ perAddress: 5, ceiling: 3, now: () => now });
    const alerts = () => budget.recordFailure(`a${now}`).ceilingReached;
    const seen = [alerts(), alerts(), alerts(), alerts()];
    now = 61 * 60_000; // the first failures left the window, the flood goes on
    for (let i = 0; i < 3; i += 1) seen.push(alerts());
    expect(seen).toEqual([false, false, true, false, false, false, true]);
  });

  it("takes back a failure that turned out to be a rotated password", () => {
    const budget = createFailureBudget({ perAddress: 2, ceiling: 10 });
    budget.recordFailure("a");
    budget.recordFailure("a");
    expect(budget.retryAfterSeconds("a")).toBeGreaterThan(0);
    budget.forgive("a");
    expect([budget.retryAfterSeconds("a"), budget.failures("a"), budget.totalFailures()]).toEqual([
      0, 1, 1,
    ]);
  });
});

describe("clientAddress", () => {
  const request = (forwardedFor: string | string[] | undefined, remote = "127.0.0.1") => ({
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
    socket: { remoteAddress: remote } as never,
  });
  it.each([
    { forwardedFor: "203.0.113.7", key: "203.0.113.7" },
    { forwardedFor: "1.1.1.1, 203.0.113.7", key: "203.0.113.7" },
    { forwardedFor: ["1.1.1.1", "2.2.2.2,203.0.113.7"], key: "203.0.113.7" },
    { forwardedFor: "2001:db8:1:2:3:4:5:6", key: "2001:db8:1:2::/64" },
    { forwardedFor: "2001:db8:1:2::99", key: "2001:db8:1:2::/64" },
    { forwardedFor: "2001:db8::1", key: "2001:db8:0:0::/64" },
    { forwardedFor: "::ffff:203.0.113.7", key: "203.0.113.7" },
    { forwardedFor: "evil, not-an-ip", key: "unparsable" },
    { forwardedFor: undefined, key: "127.0.0.1" },
  ])("counts $forwardedFor as $key", ({ forwardedFor, key }) => {
    expect(clientAddress(request(forwardedFor))).toBe(key);
  });

  it("counts the socket address without a forwarded header, IPv6 per /64", () => {
    expect(budgetKey("::1")).toBe("0:0:0:0::/64");
    expect(clientAddress(request(undefined, "::ffff:127.0.0.1"))).toBe("127.0.0.1");
  });
});
