import { createHash } from "node:crypto";
import type { JWTPayload } from "jose";

/**
 * Google gives every service account a 21-digit numeric unique id, used as `sub` and `azp` in
 * its ID tokens. The local issuer derives a stable one from the email so tokens look the same.
 */
export function uniqueIdOf(email: string): string {
  const digest = createHash("sha256").update(email.toLowerCase()).digest();
  return `1${(digest.readBigUInt64BE(0) % 10n ** 20n).toString().padStart(20, "0")}`;
}

/**
 * The claims of a Google-signed service-account ID token
 * (https://cloud.google.com/iam/docs/create-short-lived-credentials-direct#sa-credentials-oidc):
 * `aud`, `azp`, `sub`, `iss`, `iat`, `exp` (one hour), and with `includeEmail` also `email` and
 * `email_verified`.
 */
export function idTokenClaims(options: {
  issuer: string;
  email: string;
  audience: string;
  includeEmail: boolean;
  nowSeconds: number;
  lifetimeSeconds: number;
}): JWTPayload {
  const id = uniqueIdOf(options.email);
  return {
    iss: options.issuer,
    aud: options.audience,
    azp: id,
    sub: id,
    ...(options.includeEmail ? { email: options.email, email_verified: true } : {}),
    iat: options.nowSeconds,
    exp: options.nowSeconds + options.lifetimeSeconds,
  };
}
