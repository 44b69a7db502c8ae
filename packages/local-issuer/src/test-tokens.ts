import { createHmac } from "node:crypto";
import { base64url, type JWTPayload, SignJWT } from "jose";
import { issuerKeys, type RunningLocalIssuer } from "./server.ts";
import { createSigningKey, ISSUER_ALG } from "./signing-key.ts";

export interface TestTokenOptions {
  /** `iat` two hours ago and `exp` one hour ago. */
  expired?: boolean;
  /**
   * `ES256` (default): signed with the issuer's key. `none`: unsigned (`alg: none`, empty
   * signature). `HS256`: HMAC keyed with the issuer's public JWK, the classic algorithm-confusion
   * attack.
   */
  alg?: "ES256" | "none" | "HS256";
  /** Sign with a fresh key that is not in the JWKS, under the issuer's `kid`. */
  foreignKey?: boolean;
  /** After signing, change this claim in the payload: the signature no longer matches. */
  tamper?: { claim: string; value: unknown };
  /**
   * Extra protected-header parameters (e.g. `jku`, `jwk`) to test that verifiers ignore them; a
   * `crit` list is signed as given, so verifiers can be tested against extensions they do not know.
   */
  header?: Record<string, unknown>;
  /** Clock in ms. Default `Date.now`. */
  now?: number;
}

/**
 * Signs tokens that look like the issuer's (or deliberately not), for tests of token verifiers.
 * Defaults: `iss` = the issuer, `iat` = now, `exp` = now + 1 h; `claims` override them.
 */
export async function signTestToken(
  issuer: RunningLocalIssuer,
  claims: JWTPayload,
  options: TestTokenOptions = {},
): Promise<string> {
  const key = issuerKeys.get(issuer);
  if (!key) throw new TypeError("signTestToken: not a running local issuer");
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const iat = options.expired ? nowSeconds - 7200 : nowSeconds;
  const payload: JWTPayload = { iss: issuer.issuer, iat, exp: iat + 3600, ...claims };
  const alg = options.alg ?? ISSUER_ALG;
  const header = { typ: "JWT", kid: key.kid, ...options.header, alg };

  let token: string;
  if (alg === "none") {
    token = `${encodeJson(header)}.${encodeJson(payload)}.`;
  } else if (alg === "HS256") {
    const input = `${encodeJson(header)}.${encodeJson(payload)}`;
    const secret = JSON.stringify(issuer.publicJwk);
    token = `${input}.${base64url.encode(createHmac("sha256", secret).update(input).digest())}`;
  } else {
    const signer = options.foreignKey ? await createSigningKey() : key;
    const { crit: critical } = options.header ?? {};
    const crit = Array.isArray(critical) ? (critical as string[]) : [];
    token = await new SignJWT(payload)
      .setProtectedHeader(header)
      .sign(signer.privateKey, { crit: Object.fromEntries(crit.map((name) => [name, true])) });
  }
  if (options.tamper) {
    const [head, body, signature] = token.split(".");
    const changed = { ...decodeJson(body ?? ""), [options.tamper.claim]: options.tamper.value };
    token = `${head}.${encodeJson(changed)}.${signature}`;
  }
  return token;
}

function encodeJson(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

function decodeJson(segment: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(base64url.decode(segment))) as Record<string, unknown>;
}
