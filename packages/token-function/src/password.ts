import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

/** ASVS 5.0 11.5.1: a non-guessable secret carries at least 128 bits. */
export const MIN_PASSWORD_BITS = 128;
/** Below this many distinct characters a "random" value is a pattern (`aaaa…`, `abab…`). */
export const MIN_DISTINCT_CHARACTERS = 8;
/** A secret version holds the password, or during a rotation the new one and then the previous one. */
export const MAX_PASSWORD_LINES = 2;
/** What the generator (`pnpm ops password`) draws: 32 random bytes, 43 base64url characters. */
export const GENERATED_PASSWORD_BYTES = 32;

/**
 * Passwords printed in this repository (the earlier `pnpm dev` default shown in the READMEs, the
 * Odoo emulator's demo API key that `pnpm dev` uses): public, so never good enough to serve.
 */
export const PUBLISHED_PASSWORDS: readonly string[] = [
  "dev-demo-Qm9yZGVyQ29sbGllLTEyOC1iaXQ",
  "7d2c9a41e0b84f6a93c5d1e8b0a47f36c2e91d05",
];

const ADVICE = "generate one with `pnpm ops password` (or `openssl rand -base64 32`)";

// Alphabets a generator draws from, smallest first, with the bits one character carries.
const ALPHABETS = [
  { name: "hex", pattern: /^[0-9a-f]+$/i, bits: 4 },
  { name: "base64url", pattern: /^[A-Za-z0-9_-]+$/, bits: 6 },
  { name: "base64", pattern: /^[A-Za-z0-9+/]+={0,2}$/, bits: 6 },
  { name: "printable ASCII", pattern: /^[\x21-\x7e]+$/, bits: Math.log2(94) },
] as const;

/** Patterns zxcvbn finds that a random string is not made of. Dates and years are digit runs any random string may hold: counted as random. */
const GUESSABLE = {
  dictionary: "a common password",
  spatial: "a keyboard run",
  sequence: "a sequence",
  repeat: "a repetition",
  separator: "a separator",
} as const;

// Only the estimate is longer for longer values: the first 128 characters decide.
const ESTIMATE_CHARS = 128;
// Shorter guessable parts (`abc`, `aaaa`, `1234`) turn up in random strings by chance: pricing
// them refused 11% of random 32-digit hex values (exactly 128 bits), from 5 on 0.8%, and no
// random base64 or base64url value of 22 characters or more in 1,000 tries each.
const MIN_PATTERN_CHARS = 5;

let estimator: ZxcvbnFactory | undefined;

/**
 * Why the value of the access password secret is too weak to serve, or undefined when it is
 * strong enough. The value holds one password, or two lines during a rotation (the new password,
 * then the previous one): each line must pass. The message never contains a password.
 *
 * A line must (1) not be a password published in this repository; (2) carry >= 128 bits if it
 * were random: its characters all from one alphabet above (the smallest that fits counts),
 * `length x bits-per-character >= 128`, at least 8 distinct characters; (3) still carry >= 128
 * bits once guessable parts are priced as an attacker would: zxcvbn (the common-password list
 * and keyboard layouts of @zxcvbn-ts/language-common) finds dictionary words, keyboard runs,
 * sequences and repetitions; each such part of 5 or more characters counts log2 of zxcvbn's
 * guesses for it, every other character its alphabet's bits. So `abcdefghijklmnopqrstuv`, `qwertyuiopasdfghjklzxc`,
 * `0123456789abcdef0123456789abcdef` and `Password1234567890Password` are refused, and 32 random
 * bytes in base64url (43 characters, what `pnpm ops password` prints) always pass with room to
 * spare. It cannot prove a value came from a CSPRNG, only refuse what obviously did not.
 */
export function passwordWeakness(secretValue: string): string | undefined {
  const lines = secretValue.split(/\r?\n/);
  if (lines.length > MAX_PASSWORD_LINES) {
    return `the access password secret holds ${lines.length} lines; at most ${MAX_PASSWORD_LINES} (the new password, then the previous one while a rotation lasts)`;
  }
  for (const [index, line] of lines.entries()) {
    const weakness = lineWeakness(line);
    if (weakness) return lines.length > 1 ? `line ${index + 1}: ${weakness}` : weakness;
  }
  return undefined;
}

/** The passwords a secret value holds (one, or two during a rotation); check it first. */
export function passwordLines(secretValue: string): string[] {
  return secretValue.split(/\r?\n/);
}

function lineWeakness(password: string): string | undefined {
  if (password === "") return `the access password is empty: ${ADVICE}`;
  if (PUBLISHED_PASSWORDS.includes(password)) {
    return `the access password is published in this repository (a demo value): ${ADVICE}`;
  }
  const alphabet = ALPHABETS.find((a) => a.pattern.test(password));
  if (!alphabet) {
    return `the access password has characters outside printable ASCII (spaces, control or non-ASCII characters): ${ADVICE}`;
  }
  const bits = Math.floor(password.length * alphabet.bits);
  if (bits < MIN_PASSWORD_BITS) {
    const needed = Math.ceil(MIN_PASSWORD_BITS / alphabet.bits);
    return `the access password carries about ${bits} bits (${password.length} ${alphabet.name} characters); at least ${MIN_PASSWORD_BITS} bits (${needed} such characters) are required: ${ADVICE}`;
  }
  if (new Set(password).size < MIN_DISTINCT_CHARACTERS) {
    return `the access password repeats too few characters to be random (fewer than ${MIN_DISTINCT_CHARACTERS} distinct): ${ADVICE}`;
  }
  const { bits: priced, found } = patternBits(password.slice(0, ESTIMATE_CHARS), alphabet.bits);
  if (priced < MIN_PASSWORD_BITS) {
    return `the access password is built from guessable parts (${found.join(", ")}): about ${Math.floor(priced)} bits once they are priced, at least ${MIN_PASSWORD_BITS} are required: ${ADVICE}`;
  }
  return undefined;
}

/** zxcvbn's cheapest reading of the password, priced in bits; the kinds of guessable parts found. */
function patternBits(password: string, bitsPerChar: number): { bits: number; found: string[] } {
  estimator ??= new ZxcvbnFactory({
    dictionary: { "passwords-common": dictionary["passwords-common"] },
    graphs: adjacencyGraphs,
    // l33t variants (`p@ssw0rd`) cost 10x the time (~45 ms a check) and matter for short,
    // human-chosen passwords, which the length rule above already refuses.
    l33tMaxSubstitutions: 0,
  });
  let bits = 0;
  const found = new Set<string>();
  for (const match of estimator.check(password).sequence) {
    const kind = GUESSABLE[match.pattern as keyof typeof GUESSABLE];
    if (kind === undefined || match.token.length < MIN_PATTERN_CHARS) {
      bits += match.token.length * bitsPerChar;
      continue;
    }
    found.add(kind);
    bits += Math.min(match.token.length * bitsPerChar, Math.log2(Math.max(1, match.guesses)));
  }
  return { bits, found: [...found] };
}

/** A good access password: 32 bytes from the CSPRNG, base64url (43 characters, 256 bits). */
export function generatePassword(): string {
  return randomBytes(GENERATED_PASSWORD_BYTES).toString("base64url");
}

/**
 * Compares a presented password with the accepted ones in constant time (ASVS 4.0.3 6.2.8).
 * `timingSafeEqual` needs equal lengths, and comparing raw values would leak the configured
 * length; HMAC-SHA256 under a per-process random key gives every value a fixed 32-byte digest.
 * The presented value is compared with exactly `MAX_PASSWORD_LINES` digests whatever is
 * configured (missing ones are random dummies), every comparison is made (no early exit), so
 * one password, two during a rotation or none (an unknown environment) all cost the same.
 */
export function createPasswordMatcher(
  compare: (a: Buffer, b: Buffer) => boolean = timingSafeEqual,
): (presented: string, accepted: readonly string[]) => boolean {
  const key = randomBytes(32);
  const digest = (value: string) => createHmac("sha256", key).update(value, "utf8").digest();
  const dummies = Array.from({ length: MAX_PASSWORD_LINES }, () => randomBytes(32));
  return (presented, accepted) => {
    const mine = digest(presented);
    let match = false;
    for (let i = 0; i < MAX_PASSWORD_LINES; i += 1) {
      const value = accepted[i];
      const theirs = value === undefined ? (dummies[i] as Buffer) : digest(value);
      // The comparison is made first, so every digest is compared whatever came before.
      match = compare(mine, theirs) || match;
    }
    return match;
  };
}

/** A non-reversible fingerprint (for "already reported" bookkeeping, never logged). */
export function createFingerprinter(): (value: string) => string {
  const key = randomBytes(32);
  return (value) => createHmac("sha256", key).update(value, "utf8").digest("base64url");
}
