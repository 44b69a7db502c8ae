import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningLocalIssuer,
  signTestToken,
  startLocalIssuer,
  type TestTokenOptions,
} from "../src/index.ts";

const CLAIMS = {
  aud: "http://127.0.0.1:9/lookup-prod",
  email: "odoo-trigger-prod@demo.iam.gserviceaccount.com",
};

describe("signTestToken", () => {
  let issuer: RunningLocalIssuer;
  let verify: (token: string) => Promise<unknown>;
  beforeAll(async () => {
    issuer = await startLocalIssuer();
    const jwks = createRemoteJWKSet(new URL(issuer.jwksUrl));
    verify = (token) => jwtVerify(token, jwks, { issuer: issuer.issuer, algorithms: ["ES256"] });
  });
  afterAll(() => issuer.close());

  it("signs a token the issuer's JWKS verifies, with iss, iat and a one-hour exp", async () => {
    const token = await signTestToken(issuer, CLAIMS);
    await expect(verify(token)).resolves.toMatchObject({ payload: CLAIMS });
    const { iat = 0, exp = 0 } = decodeJwt(token);
    expect(exp - iat).toBe(3600);
  });

  it.each<{ name: string; options: TestTokenOptions; code: string }>([
    { name: "an expired token", options: { expired: true }, code: "ERR_JWT_EXPIRED" },
    { name: "alg none", options: { alg: "none" }, code: "ERR_JOSE_ALG_NOT_ALLOWED" },
    {
      name: "HS256 keyed with the public key",
      options: { alg: "HS256" },
      code: "ERR_JOSE_ALG_NOT_ALLOWED",
    },
    {
      name: "a key outside the JWKS",
      options: { foreignKey: true },
      code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    },
    {
      name: "a tampered audience",
      options: { tamper: { claim: "aud", value: "x" } },
      code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    },
  ])("makes $name that a strict verifier rejects", async ({ options, code }) => {
    const token = await signTestToken(issuer, CLAIMS, options);
    await expect(verify(token)).rejects.toMatchObject({ code });
  });

  it("adds extra header parameters such as jku", async () => {
    const token = await signTestToken(issuer, CLAIMS, {
      header: { jku: "http://evil.invalid/jwks" },
    });
    expect(decodeProtectedHeader(token)).toMatchObject({
      alg: "ES256",
      jku: "http://evil.invalid/jwks",
    });
  });
});
