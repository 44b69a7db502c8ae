import {
  type CachedSecretSource,
  type Environment,
  RuntimeError,
  type SecretSource,
} from "@jsm-odoo/function-runtime";
import { ACCESS_PASSWORD_SECRET, accessPasswordSecret } from "./deployment.ts";
import { passwordLines, passwordWeakness } from "./password.ts";

/** A wrong password makes the function re-read a secret value older than this (rotation). */
export const REREAD_AFTER_MS = 30_000;

/** What a request's password is compared with. */
export type AccessPasswordSet =
  /** The secret's lines: one password, or the new and the previous during a rotation. */
  | { kind: "passwords"; secretName: string; passwords: readonly string[]; value: string }
  /** The secret in use is too weak to serve (the reason never holds the value). */
  | { kind: "weak"; secretName: string; weakness: string; value: string }
  /** An environment that is not served, and no shared password to check it against. */
  | { kind: "none" };

export interface AccessPasswords {
  /**
   * The passwords for `environment` (undefined: unknown or not served, checked against the
   * shared `access_password` only, so that the right password still learns it is unknown).
   * With `maxAgeMs`, values read longer ago than that are read again first. Throws the
   * RuntimeError of a read that failed for any reason but "no such secret or no enabled version".
   */
  read(environment: Environment | undefined, maxAgeMs?: number): Promise<AccessPasswordSet>;
}

// Stands for "no such secret or no enabled version" in the cache: it is cached like a value, so
// an environment without its own secret does not cost a Secret Manager read per request.
const ABSENT = "\u0000absent\u0000";
const ABSENT_CODES = new Set(["SECRET_NOT_FOUND", "SECRET_DISABLED"]);

/** Wraps the raw source (before `cachedSecrets`) so that absence is a cacheable answer. */
export function absenceAsValue(source: SecretSource): SecretSource {
  return {
    get: (name, signal) =>
      source.get(name, signal).catch((error: unknown) => {
        if (error instanceof RuntimeError && ABSENT_CODES.has(error.code)) return ABSENT;
        throw error;
      }),
  };
}

/**
 * Per-environment access passwords with the shared one as fallback: `access_password_<env>`
 * when it has an enabled version, else `access_password`. Only "not found" and "no enabled
 * version" (Secret Manager NOT_FOUND / FAILED_PRECONDITION; locally an unset variable) fall back;
 * any other read error is an outage for the caller to answer (503), never a silent fallback.
 * `secrets` must be `cachedSecrets(absenceAsValue(source))`.
 */
export function createAccessPasswords(secrets: CachedSecretSource): AccessPasswords {
  // The strength check costs milliseconds: done once per value.
  const verdicts = new Map<string, string | undefined>();
  const weaknessOf = (value: string) => {
    if (!verdicts.has(value)) {
      if (verdicts.size > 16) verdicts.clear();
      verdicts.set(value, passwordWeakness(value));
    }
    return verdicts.get(value);
  };
  const get = (name: string, maxAgeMs: number | undefined) =>
    maxAgeMs === undefined ? secrets.get(name) : secrets.getFresh(name, maxAgeMs);
  const toSet = (secretName: string, value: string): AccessPasswordSet => {
    const weakness = weaknessOf(value);
    return weakness
      ? { kind: "weak", secretName, weakness, value }
      : { kind: "passwords", secretName, passwords: passwordLines(value), value };
  };

  return {
    async read(environment, maxAgeMs) {
      // Both read at once: one slow refresh wait (a Secret Manager outage) instead of two in a row.
      const [own, shared] = await Promise.allSettled([
        environment === undefined ? ABSENT : get(accessPasswordSecret(environment), maxAgeMs),
        get(ACCESS_PASSWORD_SECRET, maxAgeMs),
      ]);
      if (own.status === "rejected") throw own.reason;
      if (environment !== undefined && own.value !== ABSENT) {
        return toSet(accessPasswordSecret(environment), own.value);
      }
      if (shared.status === "rejected") throw shared.reason;
      if (shared.value !== ABSENT) return toSet(ACCESS_PASSWORD_SECRET, shared.value);
      if (environment === undefined) return { kind: "none" };
      throw new RuntimeError(
        "SECRET_NOT_FOUND",
        `secrets ${accessPasswordSecret(environment)} and ${ACCESS_PASSWORD_SECRET}: neither has an enabled version`,
      );
    },
  };
}
