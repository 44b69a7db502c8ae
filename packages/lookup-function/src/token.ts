import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  jwtVerify,
} from "jose";
import type { LookupConfig } from "./config.ts";
import { LookupError } from "./errors.ts";

/** Signature algorithms accepted: Google signs ID tokens with RS256, the local issuer with ES256. Never `none`. */
export const ALLOWED_ALGORITHMS = ["ES256", "RS256"] as const;
/** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. */
export const CLOCK_TOLERANCE_S = 5;
/**
 * Longest `exp - iat` accepted: Google's ID tokens live one hour
 * (https://cloud.google.com/docs/authentication/token-types). A longer-lived token is
 * not one Google or the local issuer minted.
 */
export const MAX_TOKEN_LIFETIME_S = 3600;
/** Headers that carry a caller's credential; each may appear once. */
const CREDENTIAL_HEADERS = ["authorization", "x-serverless-authorization"] as const;

/** Who called, once the token is accepted. */
export interface VerifiedCaller {
  email: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface TokenVerifier {
  /**
   * Throws `LookupError` TOKEN_MISSING / TOKEN_INVALID (401), TOKEN_FORBIDDEN (403),
   * TOKEN_KEYS_UNAVAILABLE (503). `rawHeaders` (Node's `req.rawHeaders`) lets it refuse a request
   * carrying a credential header twice: Node keeps only the first `Authorization`, and which one
   * Cloud Run IAM checked is not documented.
   */
  verify(
    headers: Record<string, string | string[] | undefined>,
    rawHeaders?: readonly string[],
  ): Promise<VerifiedCaller>;
}

export interface TokenVerifierOptions {
  /** Milliseconds since the epoch; tests freeze it. */
  now?: () => number;
}

type VerifierConfig = Pick<LookupConfig, "token" | "expectedAudience" | "triggerAccount">;

/**
 * Checks the caller's Google ID token.
 *
 * - `platform`: Cloud Run IAM has already verified the signature (the function is private:
 *   https://cloud.google.com/run/docs/authenticating/service-to-service). Cloud Run may forward
 *   the token with its signature replaced by `SIGNATURE_REMOVED_BY_GOOGLE`, so the claims are
 *   decoded without a signature check and then checked here: a token IAM accepted for another
 *   audience or account (stage on prod) must still be refused.
 * - `jwks`: the signature is verified here against the configured JWKS (local issuer), with an
 *   algorithm allow-list and keys only from that JWKS (RFC 8725 3.1, 3.10).
 */
export function createTokenVerifier(
  config: VerifierConfig,
  options: TokenVerifierOptions = {},
): TokenVerifier {
  const now = options.now ?? Date.now;
  const { token } = config;
  if (token.mode === "jwks") {
    const keys = createRemoteJWKSet(token.jwksUrl, { timeoutDuration: 5_000 });
    return {
      async verify(headers, rawHeaders) {
        refuseRepeatedCredentials(rawHeaders);
        const jwt = bearerToken(headers.authorization);
        let payload: JWTPayload;
        try {
          ({ payload } = await jwtVerify(jwt, keys, {
            algorithms: [...ALLOWED_ALGORITHMS],
            issuer: token.issuer,
            audience: config.expectedAudience,
            requiredClaims: ["exp", "iat", "email"],
            clockTolerance: CLOCK_TOLERANCE_S,
            currentDate: new Date(now()),
          }));
        } catch (error) {
          throw toLookupError(error);
        }
        return checkCaller(payload, config, now() / 1000);
      },
    };
  }
  return {
    async verify(headers, rawHeaders) {
      refuseRepeatedCredentials(rawHeaders);
      // With X-Serverless-Authorization present, that header is the one Cloud Run IAM checked
      // and Authorization is passed through untouched.
      const jwt = bearerToken(headers["x-serverless-authorization"] ?? headers.authorization);
      let payload: JWTPayload;
      try {
        const { alg } = decodeProtectedHeader(jwt);
        if (!alg || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
          throw new LookupError("TOKEN_INVALID", `token algorithm ${String(alg)} is not allowed`);
        }
        payload = decodeJwt(jwt);
      } catch (error) {
        // decodeProtectedHeader throws a plain TypeError on a malformed token: still the caller's
        // fault (401), never TOKEN_KEYS_UNAVAILABLE (no keys are fetched in this mode).
        if (error instanceof LookupError) throw error;
        throw new LookupError("TOKEN_INVALID", "token is not a well-formed JWT", { cause: error });
      }
      checkPlatformClaims(payload, token.issuers, config.expectedAudience, now() / 1000);
      return checkCaller(payload, config, now() / 1000);
    },
  };
}

function bearerToken(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw new LookupError("TOKEN_MISSING", "no Authorization header");
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(value);
  if (!match?.[1]) throw new LookupError("TOKEN_INVALID", "Authorization is not a Bearer token");
  return match[1];
}

function checkPlatformClaims(
  payload: JWTPayload,
  issuers: readonly string[],
  audience: string,
  nowS: number,
): void {
  if (typeof payload.iss !== "string" || !issuers.includes(payload.iss)) {
    throw new LookupError("TOKEN_INVALID", "token issuer is not accepted");
  }
  if (typeof payload.exp !== "number" || payload.exp <= nowS - CLOCK_TOLERANCE_S) {
    throw new LookupError("TOKEN_INVALID", "token expired or has no exp");
  }
  if (typeof payload.nbf === "number" && payload.nbf > nowS + CLOCK_TOLERANCE_S) {
    throw new LookupError("TOKEN_INVALID", "token not valid yet");
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(audience)) {
    throw new LookupError("TOKEN_FORBIDDEN", "token audience is another function");
  }
}

function refuseRepeatedCredentials(rawHeaders: readonly string[] | undefined): void {
  if (!rawHeaders) return;
  for (const name of CREDENTIAL_HEADERS) {
    let count = 0;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      if (rawHeaders[i]?.toLowerCase() === name) count++;
    }
    if (count > 1) throw new LookupError("TOKEN_INVALID", `${name} header sent ${count} times`);
  }
}

/**
 * Checks common to both modes. The audience says which function, the email which caller: both
 * must be ours, and the token must be for this function alone (a token listing several
 * audiences would open each of them: RFC 8725 3.9). `iat` must be present, not in the future,
 * and at most an hour before `exp`, as in every token Google mints.
 */
function checkCaller(payload: JWTPayload, config: VerifierConfig, nowS: number): VerifiedCaller {
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (audiences.length !== 1 || audiences[0] !== config.expectedAudience) {
    throw new LookupError("TOKEN_FORBIDDEN", "token is not for this function alone");
  }
  const { iat, exp } = payload;
  if (typeof iat !== "number" || iat > nowS + CLOCK_TOLERANCE_S) {
    throw new LookupError("TOKEN_INVALID", "token has no iat or is issued in the future");
  }
  if (typeof exp !== "number" || exp - iat > MAX_TOKEN_LIFETIME_S + CLOCK_TOLERANCE_S) {
    throw new LookupError("TOKEN_INVALID", "token lives longer than Google's ID tokens");
  }
  if (payload.email !== config.triggerAccount) {
    throw new LookupError("TOKEN_FORBIDDEN", "token was issued to another account");
  }
  if (payload.email_verified !== true && payload.email_verified !== "true") {
    throw new LookupError("TOKEN_FORBIDDEN", "token email is not verified");
  }
  return { email: config.triggerAccount, expiresAt: exp };
}

function toLookupError(error: unknown): LookupError {
  if (error instanceof LookupError) return error;
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") {
    return new LookupError("TOKEN_FORBIDDEN", "token audience is another function", {
      cause: error,
    });
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new LookupError("TOKEN_KEYS_UNAVAILABLE", "token signing keys could not be fetched", {
      cause: error,
    });
  }
  if (error instanceof errors.JOSEError) {
    // jose messages name the failed check (expired, signature, algorithm) and never the token.
    return new LookupError("TOKEN_INVALID", `token rejected: ${error.code}`, { cause: error });
  }
  // fetch failures of the JWKS endpoint surface as plain TypeErrors.
  return new LookupError("TOKEN_KEYS_UNAVAILABLE", "token signing keys could not be fetched", {
    cause: error,
  });
}
