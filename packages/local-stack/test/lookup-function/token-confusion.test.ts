/**
 * Token confusion over real HTTP, in both verification modes: tokens that are almost right (the
 * right audience among others, a future `iat`, a long life), headers that are almost right
 * (repeated, mixed case), and key-selection tricks that must be ignored.
 */
import { request } from "node:http";
import { type RunningLocalIssuer, signTestToken } from "@jsm-odoo/local-issuer";
import { DEMO } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AUDIENCE,
  type LookupInstance,
  lookup,
  type Stack,
  startStack,
  TRIGGER,
} from "./helpers/stack.ts";

const BODY = { serial_number: DEMO.serials.kit };
const GOOGLE = { iss: "https://accounts.google.com" };
const HOUR = 3600;
const nowS = () => Math.floor(Date.now() / 1000);

let stack: Stack;
let jwks: LookupInstance;
let platform: LookupInstance;

beforeAll(async () => {
  stack = await startStack();
  [jwks, platform] = await Promise.all([
    stack.startLookup("prod"),
    stack.startLookup("prod", { TOKEN_VERIFICATION: "platform" }),
  ]);
});
afterAll(() => stack?.close());

/** A prod token as the local issuer signs it; `mode` platform gets Google's issuer and no signature. */
async function tokenFor(
  mode: "jwks" | "platform",
  claims: Record<string, unknown> = {},
  options = {},
): Promise<string> {
  const token = await signTestToken(
    stack.issuer as RunningLocalIssuer,
    {
      aud: AUDIENCE.prod,
      email: TRIGGER.prod,
      email_verified: true,
      ...(mode === "platform" ? GOOGLE : {}),
      ...claims,
    },
    options,
  );
  return mode === "platform"
    ? `${token.split(".").slice(0, 2).join(".")}.SIGNATURE_REMOVED_BY_GOOGLE`
    : token;
}

const urlOf = (mode: "jwks" | "platform") => (mode === "jwks" ? jwks.url : platform.url);

async function status(mode: "jwks" | "platform", headers: Record<string, string>) {
  const response = await lookup(urlOf(mode), undefined, BODY, { headers });
  const body = (await response.json()) as { error: { code: string } };
  return [response.status, body.error?.code ?? "OK"];
}

/** Sends headers exactly as given, repeated names included (fetch would merge them). */
function rawPost(url: string, headers: [string, string][]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent: false });
    const byName = new Map<string, string[]>();
    for (const [name, value] of [...headers, ["content-type", "application/json"]] as const) {
      byName.set(name, [...(byName.get(name) ?? []), value]);
    }
    for (const [name, values] of byName)
      req.setHeader(name, values.length > 1 ? values : (values[0] ?? ""));
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(JSON.stringify(BODY));
  });
}

describe.each(["jwks", "platform"] as const)("%s verification refuses", (mode) => {
  it.each([
    [
      "a token for this function and another one",
      { aud: [AUDIENCE.prod, AUDIENCE.stage] },
      403,
      "TOKEN_FORBIDDEN",
    ],
    ["a token for another function", { aud: AUDIENCE.stage }, 403, "TOKEN_FORBIDDEN"],
    [
      "a token for this function but another account",
      { email: TRIGGER.stage },
      403,
      "TOKEN_FORBIDDEN",
    ],
    ["a token without email_verified", { email_verified: undefined }, 403, "TOKEN_FORBIDDEN"],
    ["a token not valid before an hour from now", { nbf: nowS() + HOUR }, 401, "TOKEN_INVALID"],
    [
      "a token issued an hour from now",
      { iat: nowS() + HOUR, exp: nowS() + 2 * HOUR },
      401,
      "TOKEN_INVALID",
    ],
    ["a token living a year", { exp: nowS() + 365 * 24 * HOUR }, 401, "TOKEN_INVALID"],
    ["a token without iat", { iat: undefined }, 401, "TOKEN_INVALID"],
  ])("%s", async (_name, claims, expected, code) => {
    const token = await tokenFor(mode, claims);
    expect(await status(mode, { authorization: `Bearer ${token}` })).toEqual([expected, code]);
  });

  it("a very long token with 401, not a crash", async () => {
    const token = `${"A".repeat(6_000)}.${"B".repeat(6_000)}.C`;
    expect(await status(mode, { authorization: `Bearer ${token}` })).toEqual([
      401,
      "TOKEN_INVALID",
    ]);
  });

  it("two Authorization headers, even when the first one is valid", async () => {
    const valid = `Bearer ${await tokenFor(mode)}`;
    expect(await rawPost(urlOf(mode), [["authorization", valid]])).toBe(200);
    expect(
      await rawPost(urlOf(mode), [
        ["authorization", valid],
        ["authorization", `Bearer ${await tokenFor(mode, { email: TRIGGER.stage })}`],
      ]),
    ).toBe(401);
  });
});

describe.each(["jwks", "platform"] as const)("%s verification accepts", (mode) => {
  it.each([
    ["the scheme in any case, with extra spaces", (t: string) => `bEARER   ${t}  `],
    ["a tab after the scheme", (t: string) => `Bearer\t${t}`],
  ])("%s", async (_name, format) => {
    const token = await tokenFor(mode);
    expect(await status(mode, { authorization: format(token) })).toEqual([200, "OK"]);
  });
});

describe("jwks verification takes keys from its JWKS only", () => {
  it.each([
    [
      "a foreign key announced in jwk, jku and x5u headers",
      {
        foreignKey: true,
        header: { jku: "http://127.0.0.1:9/certs", x5u: "http://127.0.0.1:9/x5u" },
      },
    ],
    ["an unknown kid", { header: { kid: "not-in-the-jwks" } }],
    ["a critical header it does not understand", { header: { crit: ["x-policy"], "x-policy": 1 } }],
    ["HS256 keyed with the public key", { alg: "HS256" }],
  ])("refuses %s", async (_name, options) => {
    const token = await tokenFor("jwks", {}, options);
    expect(await status("jwks", { authorization: `Bearer ${token}` })).toEqual([
      401,
      "TOKEN_INVALID",
    ]);
  });
});

describe("platform verification reads the header Cloud Run IAM checked", () => {
  // With X-Serverless-Authorization present, Cloud Run checks that header and passes
  // Authorization through untouched (https://cloud.google.com/run/docs/authenticating/service-to-service).
  it("trusts X-Serverless-Authorization over an Authorization nobody checked", async () => {
    const checked = `Bearer ${await tokenFor("platform")}`;
    const unchecked = `Bearer ${await tokenFor("platform", { email: TRIGGER.stage })}`;
    expect(
      await status("platform", { "x-serverless-authorization": checked, authorization: unchecked }),
    ).toEqual([200, "OK"]);
    expect(
      await status("platform", { "x-serverless-authorization": unchecked, authorization: checked }),
    ).toEqual([403, "TOKEN_FORBIDDEN"]);
  });

  it("refuses X-Serverless-Authorization sent twice", async () => {
    const checked = `Bearer ${await tokenFor("platform")}`;
    expect(
      await rawPost(platform.url, [
        ["x-serverless-authorization", checked],
        ["x-serverless-authorization", checked],
      ]),
    ).toBe(401);
  });
});
