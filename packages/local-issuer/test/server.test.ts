import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueIdOf } from "../src/claims.ts";
import { type RunningLocalIssuer, startLocalIssuer } from "../src/index.ts";

const TRIGGER = "odoo-trigger-prod@demo.iam.gserviceaccount.com";
const AUDIENCE = "http://127.0.0.1:9/lookup-prod";

describe("local issuer, as IAM Credentials generateIdToken", () => {
  let issuer: RunningLocalIssuer;
  const mint = (email: string, body: unknown, method = "POST") =>
    fetch(
      `${issuer.url}/v1/projects/-/serviceAccounts/${encodeURIComponent(email)}:generateIdToken`,
      {
        method,
        headers: { "content-type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify(body) } : {}),
      },
    );

  beforeAll(async () => {
    issuer = await startLocalIssuer({ allowedAccounts: [TRIGGER], now: () => 1_700_000_000_000 });
  });
  afterAll(() => issuer.close());

  it("mints an ES256 token with Google's claims that verifies against its JWKS", async () => {
    const res = await mint(TRIGGER, { audience: AUDIENCE, includeEmail: true });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", kid: issuer.publicJwk.kid });
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUrl)), {
      issuer: issuer.issuer,
      audience: AUDIENCE,
      algorithms: ["ES256"],
      currentDate: new Date(1_700_000_000_000),
    });
    expect(payload).toEqual({
      iss: issuer.issuer,
      aud: AUDIENCE,
      azp: uniqueIdOf(TRIGGER),
      sub: uniqueIdOf(TRIGGER),
      email: TRIGGER,
      email_verified: true,
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
    expect(issuer.mintRequests()).toContainEqual({
      email: TRIGGER,
      audience: AUDIENCE,
      includeEmail: true,
    });
  });

  it("leaves the email out unless includeEmail is true", async () => {
    const res = await mint(TRIGGER, { audience: AUDIENCE });
    const { token } = (await res.json()) as { token: string };
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUrl)), {
      currentDate: new Date(1_700_000_000_000),
    });
    expect(payload).not.toHaveProperty("email");
  });

  it.each([
    {
      name: "an account it does not know",
      email: "other@demo.iam.gserviceaccount.com",
      body: { audience: AUDIENCE },
      method: "POST",
      status: 403,
      code: "PERMISSION_DENIED",
    },
    {
      name: "a missing audience",
      email: TRIGGER,
      body: { includeEmail: true },
      method: "POST",
      status: 400,
      code: "INVALID_ARGUMENT",
    },
    {
      name: "a body that is not JSON",
      email: TRIGGER,
      body: undefined,
      method: "POST",
      status: 400,
      code: "INVALID_ARGUMENT",
    },
    {
      name: "GET",
      email: TRIGGER,
      body: undefined,
      method: "GET",
      status: 405,
      code: "METHOD_NOT_ALLOWED",
    },
  ])("answers $name with $status like Google", async ({ email, body, method, status, code }) => {
    const res =
      body === undefined && method === "POST"
        ? await fetch(`${issuer.url}/v1/projects/-/serviceAccounts/${email}:generateIdToken`, {
            method: "POST",
            body: "{not json",
          })
        : await mint(email, body, method);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe(code);
  });

  it("answers injected failures until they are cleared", async () => {
    issuer.failWith(503);
    const failed = await mint(TRIGGER, { audience: AUDIENCE });
    issuer.failWith(undefined);
    const ok = await mint(TRIGGER, { audience: AUDIENCE });
    expect([failed.status, ok.status]).toEqual([503, 200]);
  });

  it("publishes its key as a JWKS and an OpenID configuration", async () => {
    const jwks = (await (await fetch(issuer.jwksUrl)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys).toEqual([issuer.publicJwk]);
    expect(jwks.keys[0]).not.toHaveProperty("d");
    const config = await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json();
    expect(config).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUrl });
  });

  it("answers unknown paths with 404", async () => {
    expect((await fetch(`${issuer.url}/v1/other`)).status).toBe(404);
  });
});
