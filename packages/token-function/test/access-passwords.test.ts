import {
  envSecretSource,
  RuntimeError,
  type SecretSource,
  secretManagerSource,
} from "@jsm-odoo/function-runtime";
import { type FakeSecretManager, startFakeSecretManager } from "@jsm-odoo/function-runtime/testing";
import type { RunningLocalIssuer } from "@jsm-odoo/local-issuer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  jsonRequest,
  legacyRequest,
  localEnv,
  type RunningTokenFunction,
  serveTokenFunction,
  startLocalIssuer,
} from "./harness.ts";

const SHARED = "Sh4red_k2Jx8Qw4Zp7Ln5Vb0Cm3Tq9";
const PROD = "Pr0d_x7Lm2Qv9Zr5Tn8Wb1cK4dF6gH";
const NEW = "N3w_q8Rt5Yu2Io9Pa6Sd3Fg1Hj7Kl4";
const WEAK = "Password1234567890Password";

describe("per-environment access passwords, backward compatible", () => {
  let issuer: RunningLocalIssuer;
  let fn: RunningTokenFunction | undefined;
  let sm: FakeSecretManager;
  beforeAll(async () => {
    issuer = await startLocalIssuer();
    sm = await startFakeSecretManager();
  });
  afterEach(async () => {
    if (fn) {
      const all = fn.logs.join("\n");
      for (const password of [SHARED, PROD, NEW, WEAK]) expect(all).not.toContain(password);
      await fn.close();
    }
    fn = undefined;
  });
  afterAll(async () => {
    await issuer.close();
    await sm.close();
  });
  const ask = async (password: string, environment: string) =>
    (await jsonRequest(fn?.url ?? "", { password, environment })).status;

  it("uses access_password_<env> when it is set and access_password for the others", async () => {
    fn = await serveTokenFunction({
      ...localEnv(issuer),
      ACCESS_PASSWORD: SHARED,
      ACCESS_PASSWORD_PROD: PROD,
    });
    expect(await ask(PROD, "prod")).toBe(200);
    expect(await ask(SHARED, "prod")).toBe(401); // the stage rule's password mints no prod token
    expect(await ask(SHARED, "stage")).toBe(200);
    expect(await ask(PROD, "stage")).toBe(401);
    const legacy = await legacyRequest(fn.url, { password: PROD, environment: "PROD" });
    expect(legacy.status).toBe(200);
  });

  it("judges an unknown environment against access_password only, and after it", async () => {
    fn = await serveTokenFunction({
      ...localEnv(issuer),
      ENVIRONMENTS: "prod",
      ACCESS_PASSWORD: SHARED,
      ACCESS_PASSWORD_PROD: PROD,
    });
    expect(await ask(SHARED, "qa")).toBe(400);
    expect(await ask(SHARED, "stage")).toBe(400); // not served here
    expect(await ask(PROD, "qa")).toBe(401);
  });

  it("answers 401 to an unknown environment when only per-environment passwords exist, 503 to a known one without any", async () => {
    fn = await serveTokenFunction({
      ...localEnv(issuer),
      ACCESS_PASSWORD: undefined,
      ACCESS_PASSWORD_PROD: PROD,
    });
    expect(await ask(PROD, "prod")).toBe(200);
    expect(await ask(PROD, "qa")).toBe(401);
    expect(await ask(PROD, "stage")).toBe(503);
    expect(fn.entries().find((e) => e.message === "cannot read the access password")).toMatchObject(
      {
        error: {
          code: "SECRET_NOT_FOUND",
          message:
            "secrets access_password_stage and access_password: neither has an enabled version",
        },
      },
    );
  });

  it("falls back when Secret Manager says NOT_FOUND or FAILED_PRECONDITION (disabled version)", async () => {
    sm.setSecret("demo", "access_password", SHARED);
    sm.setSecret("demo", "access_password_prod", PROD);
    sm.disableSecret("demo", "access_password_prod");
    sm.deleteSecret("demo", "access_password_stage");
    fn = await serveTokenFunction(
      { ...localEnv(issuer), SECRET_TTL_MS: "0" },
      { secrets: secretManagerSource({ project: "demo", clientOptions: sm.clientOptions }) },
    );
    expect(await ask(SHARED, "prod")).toBe(200);
    expect(await ask(SHARED, "stage")).toBe(200);
    sm.setSecret("demo", "access_password_prod", PROD); // enabled again
    expect(await ask(PROD, "prod")).toBe(200);
    expect(await ask(SHARED, "prod")).toBe(401);
  });

  it("treats any other read error as an outage (503), never as a reason to fall back", async () => {
    const local = envSecretSource({ ACCESS_PASSWORD: SHARED });
    const failingProd: SecretSource = {
      get: (name, signal) =>
        name === "access_password_prod"
          ? Promise.reject(
              new RuntimeError("SECRET_ACCESS_DENIED", `secret ${name}: access denied`),
            )
          : local.get(name, signal),
    };
    fn = await serveTokenFunction(localEnv(issuer), { secrets: failingProd });
    expect(await ask(SHARED, "prod")).toBe(503);
    expect(await ask(SHARED, "stage")).toBe(200);
    expect(fn.entries().find((e) => e.message === "cannot read the access password")).toMatchObject(
      {
        severity: "ERROR",
        error: { code: "SECRET_ACCESS_DENIED" },
      },
    );
  });
});

describe("rotation without lockout", () => {
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
      for (const password of [SHARED, PROD, NEW, WEAK]) expect(all).not.toContain(password);
      await fn.close();
    }
    fn = undefined;
    now = Date.now();
  });
  afterAll(() => issuer.close());
  const ask = async (password: string, environment = "prod") =>
    (await jsonRequest(fn?.url ?? "", { password, environment })).status;

  it("accepts both lines of a secret version: the new password and the previous one", async () => {
    fn = await serveTokenFunction({ ...localEnv(issuer), ACCESS_PASSWORD_PROD: `${NEW}\n${PROD}` });
    expect([await ask(NEW), await ask(PROD), await ask(SHARED)]).toEqual([200, 200, 401]);
  });

  it("answers 503 when either line is weak, saying which without the value", async () => {
    fn = await serveTokenFunction({ ...localEnv(issuer), ACCESS_PASSWORD_PROD: `${NEW}\n${WEAK}` });
    expect([await ask(NEW), await ask(WEAK)]).toEqual([503, 503]);
    const reports = fn.entries().filter((e) => String(e.message).startsWith("refusing to serve"));
    expect(reports).toEqual([
      expect.objectContaining({
        severity: "ERROR",
        secretName: "access_password_prod",
        message: expect.stringContaining(
          "line 2: the access password is built from guessable parts",
        ),
      }),
    ]);
  });

  it("re-reads a secret older than 30 s when a password does not match, once, so a new one works at once", async () => {
    const values: Record<string, string | undefined> = { ACCESS_PASSWORD: PROD };
    let reads = 0;
    const counting: SecretSource = {
      get: (name, signal) => {
        reads += 1;
        return envSecretSource(values).get(name, signal);
      },
    };
    fn = await serveTokenFunction(localEnv(issuer), { now: clock, secrets: counting });
    expect(await ask(PROD)).toBe(200);
    const afterFirst = reads; // access_password_prod (absent) and access_password
    values.ACCESS_PASSWORD = NEW; // another instance's operator added a version
    now += 20_000;
    expect(await ask(NEW)).toBe(401); // read 20 s ago: not read again
    expect(reads).toBe(afterFirst);
    now += 11_000;
    expect(await ask(NEW)).toBe(200); // 31 s: read again, well before the 5-minute TTL
    expect(reads).toBe(afterFirst + 2);
    expect(await ask(PROD)).toBe(401);
    // A flood of wrong passwords costs no more reads while the value is young.
    for (let i = 0; i < 5; i += 1) await ask(`guess-${i}`);
    expect(reads).toBe(afterFirst + 2);
    // The request that found the new password did not count as a failure.
    expect(fn.entries().filter((e) => e.reason === "wrong-password")).toHaveLength(7);
  });
});
