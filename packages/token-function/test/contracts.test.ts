import type { RunningLocalIssuer } from "@jsm-odoo/local-issuer";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jsonRequest,
  LOOKUP_PROD,
  LOOKUP_STAGE,
  legacyRequest,
  localEnv,
  PASSWORD,
  type RunningTokenFunction,
  serveTokenFunction,
  startLocalIssuer,
  TRIGGER_PROD,
  TRIGGER_STAGE,
} from "./harness.ts";

describe("token function: both contracts over real HTTP", () => {
  let issuer: RunningLocalIssuer;
  let fn: RunningTokenFunction;
  const tokens: string[] = [];
  const verify = (token: string, audience: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUrl)), {
      issuer: issuer.issuer,
      audience,
      algorithms: ["ES256"],
    });

  beforeAll(async () => {
    issuer = await startLocalIssuer({ allowedAccounts: [TRIGGER_PROD, TRIGGER_STAGE] });
    fn = await serveTokenFunction(localEnv(issuer));
  });
  afterAll(async () => {
    // ASVS 7.1.1: whatever happened above, no password and no token reached the logs.
    const all = fn.logs.join("\n");
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain("wrong-password-");
    for (const token of tokens) expect(all).not.toContain(token.split(".")[2]);
    await fn.close();
    await issuer.close();
  });

  it.each([
    {
      headers: { password: PASSWORD, environment: "prod" },
      audience: LOOKUP_PROD,
      email: TRIGGER_PROD,
    },
    {
      headers: { Password: PASSWORD, Environment: " STAGE " },
      audience: LOOKUP_STAGE,
      email: TRIGGER_STAGE,
    },
  ])(
    "answers the earlier contract with the raw token as text ($headers.Environment$headers.environment)",
    async ({ headers, audience, email }) => {
      const res = await legacyRequest(fn.url, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-store");
      const token = await res.text();
      tokens.push(token);
      const { payload } = await verify(token, audience);
      expect(payload).toMatchObject({ aud: audience, email, email_verified: true });
    },
  );

  it("answers our contract with a JSON bearer token for the environment", async () => {
    const res = await jsonRequest(fn.url, { password: PASSWORD, environment: "prod" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await res.json()) as { token: string; expires_in: number };
    tokens.push(body.token);
    expect(body).toEqual({
      token: expect.any(String),
      token_type: "Bearer",
      expires_in: expect.any(Number),
      environment: "prod",
    });
    expect(body.expires_in).toBeGreaterThan(3500);
    expect(body.expires_in).toBeLessThanOrEqual(3600);
    await expect(verify(body.token, LOOKUP_PROD)).resolves.toBeDefined();
    await expect(verify(body.token, LOOKUP_STAGE)).rejects.toMatchObject({
      code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
    });
  });

  it("reads JSON whatever the content type JSM declares", async () => {
    const res = await fetch(fn.url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ password: PASSWORD, environment: "stage" }),
    });
    expect(res.status).toBe(200);
    tokens.push(((await res.json()) as { token: string }).token);
  });

  it.each([
    {
      name: "a wrong password",
      headers: { password: "wrong-password-1", environment: "prod" },
      status: 401,
      text: "Unauthorized",
    },
    { name: "no password", headers: { environment: "prod" }, status: 401, text: "Unauthorized" },
    {
      name: "an unknown environment",
      headers: { password: PASSWORD, environment: "dev" },
      status: 400,
      text: "Unknown environment",
    },
    {
      name: "no environment",
      headers: { password: PASSWORD },
      status: 400,
      text: "Unknown environment",
    },
  ])(
    "refuses $name in the earlier shape: $status plain text",
    async ({ headers, status, text }) => {
      const res = await legacyRequest(fn.url, headers);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toBe(text);
    },
  );

  it.each([
    {
      name: "a wrong password",
      body: { password: "wrong-password-2", environment: "prod" },
      status: 401,
      code: "UNAUTHORIZED",
    },
    {
      name: "a missing password",
      body: { environment: "prod" },
      status: 401,
      code: "UNAUTHORIZED",
    },
    {
      name: "an unknown environment",
      body: { password: PASSWORD, environment: "qa" },
      status: 400,
      code: "UNKNOWN_ENVIRONMENT",
    },
    {
      name: "a password that is not a string",
      body: { password: 123, environment: "prod" },
      status: 400,
      code: "INVALID_REQUEST",
    },
    { name: "an array body", body: [PASSWORD, "prod"], status: 400, code: "INVALID_REQUEST" },
    { name: "an empty body", body: "", status: 400, code: "INVALID_REQUEST" },
  ])("refuses $name in our shape: $status $code", async ({ body, status, code }) => {
    const res = await jsonRequest(fn.url, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it("answers 400 to a body that is not JSON", async () => {
    const res = await fetch(fn.url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "password=x",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "INVALID_REQUEST" } });
  });

  it("does not say which environments exist before the password is right", async () => {
    const res = await jsonRequest(fn.url, { password: "wrong-password-3", environment: "qa" });
    expect(res.status).toBe(401);
    const right = await jsonRequest(fn.url, { password: PASSWORD, environment: "qa" });
    expect(await right.json()).toEqual({
      error: {
        code: "UNKNOWN_ENVIRONMENT",
        message: "Unknown environment. Use one of: prod, stage.",
      },
    });
  });

  it.each(["GET", "PUT", "DELETE"])(
    "answers %s with 405 and Allow: POST, in the caller's shape",
    async (method) => {
      const json = await fetch(fn.url, { method });
      expect(json.status).toBe(405);
      expect(json.headers.get("allow")).toBe("POST");
      expect(await json.json()).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
      const legacy = await fetch(fn.url, {
        method,
        headers: { password: PASSWORD, environment: "prod" },
      });
      expect([legacy.status, await legacy.text()]).toEqual([405, "Method not allowed"]);
    },
  );

  it("answers 413 to a body over 4 KiB without parsing it", async () => {
    const res = await jsonRequest(fn.url, {
      password: PASSWORD,
      environment: "prod",
      pad: "x".repeat(5000),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "BODY_TOO_LARGE" } });
  });

  it("logs every authentication decision with outcome, environment, our request id, the caller's and the trace", async () => {
    const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    await jsonRequest(
      fn.url,
      { password: "wrong-password-4", environment: "stage" },
      { traceparent: `00-${trace}-00f067aa0ba902b7-01`, "x-request-id": "req-42" },
    );
    const denied = fn.entries().find((e) => e.callerRequestId === "req-42");
    expect(denied?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(denied).toMatchObject({
      severity: "WARNING",
      message: "token request denied",
      outcome: "denied",
      reason: "wrong-password",
      environment: "stage",
      contract: "json",
      "logging.googleapis.com/trace": `projects/demo/traces/${trace}`,
    });
    expect(fn.entries().filter((e) => e.outcome === "granted").length).toBeGreaterThanOrEqual(3);
  });
});
