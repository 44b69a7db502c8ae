import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** ASVS 5.0 11.5.1: a non-guessable secret carries at least 128 bits. */
export const MIN_PASSWORD_BITS = 128;
/** Below this many distinct characters a "random" value is a pattern (`aaaa…`, `abab…`). */
export const MIN_DISTINCT_CHARACTERS = 8;

// Alphabets a generator draws from, smallest first, with the bits one character carries.
const ALPHABETS = [
  { name: "hex", pattern: /^[0-9a-f]+$/i, bits: 4 },
  { name: "base64url", pattern: /^[A-Za-z0-9_-]+$/, bits: 6 },
  { name: "base64", pattern: /^[A-Za-z0-9+/]+={0,2}$/, bits: 6 },
  { name: "printable ASCII", pattern: /^[\x21-\x7e]+$/, bits: Math.log2(94) },
] as const;

/**
 * Why the configured password is too weak to serve, or undefined when it is strong enough.
 *
 * The rule: the value's characters all belong to one of the alphabets above (the smallest one
 * that fits counts), `length x bits-per-character >= 128`, and it has at least 8 distinct
 * characters. So at least 32 hex, 22 base64url/base64 or 20 printable-ASCII characters, e.g.
 * `openssl rand -base64 32` (44 characters). It estimates the entropy from the alphabet and
 * length; it cannot prove the value came from a CSPRNG, only refuse what obviously did not.
 * The message never contains the password.
 */
export function passwordWeakness(password: string): string | undefined {
  const alphabet = ALPHABETS.find((a) => a.pattern.test(password));
  const advice = "generate one with `openssl rand -base64 32`";
  if (!alphabet) {
    return `the access password has characters outside printable ASCII (spaces, control or non-ASCII characters): ${advice}`;
  }
  const bits = Math.floor(password.length * alphabet.bits);
  if (bits < MIN_PASSWORD_BITS) {
    const needed = Math.ceil(MIN_PASSWORD_BITS / alphabet.bits);
    return `the access password carries about ${bits} bits (${password.length} ${alphabet.name} characters); at least ${MIN_PASSWORD_BITS} bits (${needed} such characters) are required: ${advice}`;
  }
  if (new Set(password).size < MIN_DISTINCT_CHARACTERS) {
    return `the access password repeats too few characters to be random (fewer than ${MIN_DISTINCT_CHARACTERS} distinct): ${advice}`;
  }
  return undefined;
}

/**
 * Compares a presented password with the configured one in constant time (ASVS 4.0.3 6.2.8).
 * `timingSafeEqual` needs equal lengths, and comparing raw values would leak the configured
 * length; HMAC-SHA256 under a per-process random key gives both sides a fixed 32-byte digest.
 */
export function createPasswordMatcher(): (presented: string, configured: string) => boolean {
  const key = randomBytes(32);
  const digest = (value: string) => createHmac("sha256", key).update(value, "utf8").digest();
  return (presented, configured) => timingSafeEqual(digest(presented), digest(configured));
}

/** A non-reversible fingerprint (for "already reported" bookkeeping, never logged). */
export function createFingerprinter(): (value: string) => string {
  const key = randomBytes(32);
  return (value) => createHmac("sha256", key).update(value, "utf8").digest("base64url");
}
