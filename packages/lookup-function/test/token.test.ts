import { type RunningLocalIssuer, signTestToken, startLocalIssuer } from "@jsm-odoo/local-issuer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GOOGLE_ISSUERS, type LookupConfig } from "../src/config.ts";
import { createTokenVerifier, type TokenVerifier } from "../src/token.ts";

const AUDIENCE = "https://europe-west1-acme.cloudfunctions.net/odoo-lookup-prod";
const TRIGGER = "odoo-trigger-prod@acme.iam.gserviceaccount.com";
const STAGE = {
  aud: "https://europe-west1-acme.cloudfunctions.net/odoo-lookup-stage",
  email: "odoo-trigger-stage@acme.iam.gserviceaccount.com",
};

let issuer: RunningLocalIssuer;
let jwks: TokenVerifier;
let platform: TokenVerifier;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const sign = (claims: Record<string, unknown> = {}, options = {}) =>
  signTestToken(
    issuer,
    { aud: AUDIENCE, email: TRIGGER, email_verified: true, ...claims },
    options,
  );
/** What Cloud Run forwards after IAM verified the token: the signature replaced. */
const stripSignature = (token: string) =>
  `${token.split(".").slice(0, 2).join(".")}.SIGNATURE_REMOVED_BY_GOOGLE`;

beforeAll(async () => {
  issuer = await startLocalIssuer();
  const base = { expectedAudience: AUDIENCE, triggerAccount: TRIGGER };
  jwks = createTokenVerifier({
    ...base,
    token: { mode: "jwks", jwksUrl: new URL(issuer.jwksUrl), issuer: issuer.issuer },
  } satisfies Pick<LookupConfig, "token" | "expectedAudience" | "triggerAccount">);
  platform = createTokenVerifier({ ...base, token: { mode: "platform", issuers: GOOGLE_ISSUERS } });
});
afterAll(() => issuer.close());

describe("jwks verification", () => {
  it("accepts a token of the local issuer for this function and account", async () => {
    await expect(jwks.verify(bearer(await sign()))).resolves.toMatchObject({ email: TRIGGER });
  });

  it.each([
    ["no Authorization header", async () => ({}), "TOKEN_MISSING"],
    ["a Basic credential", async () => ({ authorization: "Basic dXNlcjpwYXNz" }), "TOKEN_INVALID"],
    ["an expired token", async () => bearer(await sign({}, { expired: true })), "TOKEN_INVALID"],
    [
      "a tampered token",
      async () =>
        bearer(await sign({}, { tamper: { claim: "email", value: TRIGGER.toUpperCase() } })),
      "TOKEN_INVALID",
    ],
    ["an alg none token", async () => bearer(await sign({}, { alg: "none" })), "TOKEN_INVALID"],
    [
      "an HS256 confusion token",
      async () => bearer(await sign({}, { alg: "HS256" })),
      "TOKEN_INVALID",
    ],
    [
      "a token signed by a foreign key",
      async () => bearer(await sign({}, { foreignKey: true })),
      "TOKEN_INVALID",
    ],
    [
      "a token from another issuer",
      async () => bearer(await sign({ iss: "https://evil.example" })),
      "TOKEN_INVALID",
    ],
    ["garbage", async () => bearer("not.a.jwt"), "TOKEN_INVALID"],
    ["a stage token", async () => bearer(await sign(STAGE)), "TOKEN_FORBIDDEN"],
    [
      "another account for our audience",
      async () => bearer(await sign({ email: STAGE.email })),
      "TOKEN_FORBIDDEN",
    ],
    [
      "an unverified email",
      async () => bearer(await sign({ email_verified: false })),
      "TOKEN_FORBIDDEN",
    ],
  ])("refuses %s with %s", async (_name, headers, code) => {
    await expect(jwks.verify(await headers())).rejects.toMatchObject({ code });
  });
});

describe("platform verification (Cloud Run IAM checked the signature)", () => {
  const google = { iss: "https://accounts.google.com" };

  it.each([
    ["with the signature forwarded", (t: string) => t],
    ["with the signature removed by Google", stripSignature],
  ])("accepts a Google token for this function %s", async (_name, transform) => {
    const token = transform(await sign(google));
    await expect(platform.verify(bearer(token))).resolves.toMatchObject({ email: TRIGGER });
  });

  it("reads the token IAM checked from X-Serverless-Authorization when present", async () => {
    const token = stripSignature(await sign(google));
    await expect(
      platform.verify({
        "x-serverless-authorization": `Bearer ${token}`,
        authorization: "Basic x",
      }),
    ).resolves.toMatchObject({ email: TRIGGER });
  });

  it.each([
    ["a stage token", { ...google, ...STAGE }, {}, "TOKEN_FORBIDDEN"],
    ["another account", { ...google, email: STAGE.email }, {}, "TOKEN_FORBIDDEN"],
    ["an expired token", google, { expired: true }, "TOKEN_INVALID"],
    ["a non-Google issuer", {}, {}, "TOKEN_INVALID"],
    ["an alg none token", google, { alg: "none" }, "TOKEN_INVALID"],
  ])("refuses %s", async (_name, claims, options, code) => {
    const token = stripSignature(await sign(claims, options));
    await expect(platform.verify(bearer(token))).rejects.toMatchObject({ code });
  });
});
