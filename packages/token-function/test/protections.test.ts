import type { RunningLocalIssuer } from "@jsm-odoo/local-issuer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  jsonRequest,
  legacyRequest,
  localEnv,
  PASSWORD,
  type RunningTokenFunction,
  serveTokenFunction,
  startLocalIssuer,
} from "./harness.ts";

const HOUR_MS = 3_600_000;

describe("token function protections over real HTTP", () => {
  let issuer: RunningLocalIssuer;
  let fn: RunningTokenFunction | undefined;
  let now = Date.now();
  const clock = () => now;

  beforeAll(async () => {
    issuer = await startLocalIssuer();
  });
  afterEach(async () => {
    if (fn) {
      const all = fn.logs.join("\n");
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toMatch(/guess-\d/);
      expect(all).not.toContain("Rotated_");
      await fn.close();
    }
    fn = undefined;
    now = Date.now();
  });
  afterAll(() => issuer.close());

  it("spends floor(100 / MAX_INSTANCES) failures per hour per address, then answers that address 429 with Retry-After", async () => {
    fn = await serveTokenFunction({ ...localEnv(issuer), MAX_INSTANCES: "40" }, { now: clock }); // budget 2
    const from = { "x-forwarded-for": "203.0.113.7" };
    const guess = (password: string) =>
      jsonRequest(fn?.url ?? "", { password, environment: "prod" }, from);
    expect((await guess("guess-1")).status).toBe(401);
    now += 10 * 60_000;
    expect((await guess("guess-2")).status).toBe(401);

    const throttled = await guess(PASSWORD);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3000"); // the first failure ages out in 50 min
    expect(await throttled.json()).toMatchObject({ error: { code: "TOO_MANY_FAILURES" } });
    const legacy = await fetch(fn.url, {
      method: "POST",
      headers: { password: PASSWORD, environment: "prod", ...from },
    });
    expect([legacy.status, await legacy.text()]).toEqual([429, "Too many failed attempts"]);

    now += 50 * 60_000;
    expect((await guess(PASSWORD)).status).toBe(200);
    expect(fn.entries().filter((e) => e.outcome === "throttled")).toHaveLength(2);
    expect(
      fn.entries().filter((e) => /failure budget of an address spent/.test(String(e.message))),
    ).toEqual([expect.objectContaining({ severity: "WARNING", client: "203.0.113.7" })]);
  });

  it("never answers more wrong guesses than the budget, however many arrive at once", async () => {
    // Reading the password takes a moment (a Secret Manager refresh): every guess below is past
    // the first budget check before any of them is compared.
    const slowSecrets = {
      get: () => new Promise<string>((resolve) => setTimeout(() => resolve(PASSWORD), 20)),
    };
    fn = await serveTokenFunction(
      { ...localEnv(issuer), MAX_INSTANCES: "40" }, // budget 2
      { now: clock, secrets: slowSecrets },
    );
    const statuses = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const res = await jsonRequest(fn?.url ?? "", {
          password: `guess-${i}`,
          environment: "prod",
        });
        return res.status;
      }),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(2);
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
  });

  it("mints once per environment and reuses the token until shortly before it expires", async () => {
    fn = await serveTokenFunction(localEnv(issuer), { now: clock });
    const before = issuer.mintRequests().length;
    const ask = async (environment: string) =>
      (await (await jsonRequest(fn?.url ?? "", { password: PASSWORD, environment })).json()) as {
        token: string;
        expires_in: number;
      };
    const first = await ask("prod");
    const second = await ask("prod");
    await ask("stage");
    expect(second.token).toBe(first.token);
    expect(issuer.mintRequests().length - before).toBe(2);

    now += HOUR_MS - 6 * 60_000; // 6 minutes left: still handed out, with the right expires_in
    const aging = await ask("prod");
    expect(aging.token).toBe(first.token);
    expect(aging.expires_in).toBeLessThanOrEqual(360);
    now += 2 * 60_000; // 4 minutes left: under the 5-minute margin, so a new one is minted
    await ask("prod");
    expect(issuer.mintRequests().length - before).toBe(3);
  });

  it("picks up a rotated password after the secret TTL", async () => {
    const env: Record<string, string | undefined> = {
      ...localEnv(issuer),
      SECRET_TTL_MS: "60000",
    };
    fn = await serveTokenFunction(env, { now: clock });
    const rotated = "Rotated_k2Jx8Qw4Zp7Ln5Vb0Cm3";
    expect((await jsonRequest(fn.url, { password: PASSWORD, environment: "prod" })).status).toBe(
      200,
    );
    env.ACCESS_PASSWORD = rotated; // an operator adds a new secret version
    now += 59_000;
    expect((await jsonRequest(fn.url, { password: PASSWORD, environment: "prod" })).status).toBe(
      200,
    );
    now += 1_000;
    expect((await jsonRequest(fn.url, { password: PASSWORD, environment: "prod" })).status).toBe(
      401,
    );
    expect((await jsonRequest(fn.url, { password: rotated, environment: "prod" })).status).toBe(
      200,
    );
  });

  it.each([
    { name: "too short", password: "Short_but_random1" },
    { name: "one repeated character", password: "a".repeat(40) },
    { name: "with spaces", password: "correct horse battery staple x" },
    { name: "31 hex digits", password: "0123456789abcdef0123456789abcde" },
  ])(
    "refuses to serve with a weak configured password ($name): 503, logged once",
    async ({ password }) => {
      fn = await serveTokenFunction({ ...localEnv(issuer), ACCESS_PASSWORD: password });
      for (let i = 0; i < 2; i += 1) {
        const res = await jsonRequest(fn.url, { password, environment: "prod" });
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({
          error: { code: "SERVICE_UNAVAILABLE", message: "The service is not available." },
        });
      }
      const reports = fn
        .entries()
        .filter((e) => String(e.message).startsWith("refusing to serve tokens"));
      expect(reports).toHaveLength(1);
      expect(reports[0]?.severity).toBe("ERROR");
      expect(fn.logs.join("\n")).not.toContain(password);
    },
  );

  it("answers 503 for a missing configuration and logs every problem once", async () => {
    fn = await serveTokenFunction({ SECRETS_SOURCE: "env", ACCESS_PASSWORD: PASSWORD });
    const json = await jsonRequest(fn.url, { password: PASSWORD, environment: "prod" });
    const legacy = await legacyRequest(fn.url, { password: PASSWORD, environment: "prod" });
    expect([json.status, legacy.status, await legacy.text()]).toEqual([
      503,
      503,
      "Service unavailable",
    ]);
    const [entry, ...rest] = fn.entries();
    expect(rest).toEqual([]);
    expect(entry?.problems).toEqual([
      "LOOKUP_URL_PROD is not set: the prod lookup function's URL, the audience of its tokens",
      "TRIGGER_ACCOUNT_PROD is not set: the service account whose ID tokens open the prod lookup",
      "LOOKUP_URL_STAGE is not set: the stage lookup function's URL, the audience of its tokens",
      "TRIGGER_ACCOUNT_STAGE is not set: the service account whose ID tokens open the stage lookup",
      "MAX_INSTANCES must be an integer from 1 to 100: the function's max instances, which divides the hourly failure budget (it is not set)",
      "TOKEN_MINTER must be one of iam, local (it is not set)",
    ]);
  });

  it("answers 502 when the token cannot be minted, and 503 when the password cannot be read", async () => {
    fn = await serveTokenFunction(localEnv(issuer));
    issuer.failWith(403);
    const mint = await jsonRequest(fn.url, { password: PASSWORD, environment: "prod" });
    issuer.failWith(undefined);
    expect(mint.status).toBe(502);
    expect(await mint.json()).toMatchObject({ error: { code: "TOKEN_UNAVAILABLE" } });
    expect(fn.entries().find((e) => e.message === "token minting failed")).toMatchObject({
      error: {
        code: "MINT_FAILED",
        message: "generateIdToken for prod answered HTTP 403 PERMISSION_DENIED",
      },
    });
    await fn.close();

    fn = await serveTokenFunction({ ...localEnv(issuer), ACCESS_PASSWORD: undefined });
    const secret = await legacyRequest(fn.url, { password: PASSWORD, environment: "prod" });
    expect([secret.status, await secret.text()]).toEqual([503, "Service unavailable"]);
  });
});
