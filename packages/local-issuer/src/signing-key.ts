import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from "jose";

/** The one algorithm the local issuer signs with (Google signs its ID tokens with RS256). */
export const ISSUER_ALG = "ES256";

/** An ES256 key pair made for one issuer run; the private half never leaves the process. */
export interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  /** Public JWK as published in the JWKS: `kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`. */
  publicJwk: JWK;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(ISSUER_ALG, { extractable: true });
  const jwk = await exportJWK(publicKey);
  // RFC 7638 thumbprint: a kid that changes whenever the key does.
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: ISSUER_ALG, use: "sig" } };
}

export function signWithKey(key: SigningKey, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ISSUER_ALG, kid: key.kid, typ: "JWT" })
    .sign(key.privateKey);
}
