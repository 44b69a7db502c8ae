import type { Logger } from "../logging/logger.ts";
import type { IntegerRule } from "../settings.ts";
import { raceAbort, type SecretSource } from "./secret-source.ts";

export interface CachedSecretsOptions {
  /** How long a value is served before the next read refreshes it, e.g. 5 * 60_000. */
  ttlMs: number;
  /** Where refresh failures (never values) are reported. */
  logger: Logger;
  /** After a failed refresh, how long the last good value is served before trying again. Default min(ttlMs, 30_000). */
  retryMs?: number;
  /**
   * Longest a reader waits for a refresh when a good value exists (default 2_000 ms): past it,
   * the reader gets the last good value and the refresh goes on without it. A slow Secret
   * Manager then costs requests at most this, never the source's whole timeout.
   */
  refreshWaitMs?: number;
  now?: () => number;
}

/** Default time a secret value is served before it is read again. */
export const DEFAULT_SECRET_TTL_MS = 5 * 60_000;

/**
 * `SECRET_TTL_MS`, the one rule both functions read it by: 0 (read on every use) to an hour, so a
 * new secret version always takes effect within the hour.
 */
export const SECRET_TTL_MS_RULE = {
  min: 0,
  max: 3_600_000,
  default: DEFAULT_SECRET_TTL_MS,
  what: "milliseconds a secret value is cached",
} as const satisfies IntegerRule;

/** Default longest wait for a refresh while a last good value exists. */
export const DEFAULT_REFRESH_WAIT_MS = 2_000;

/** A cached source that can also be asked for a value read recently enough. */
export interface CachedSecretSource extends SecretSource {
  /**
   * Like `get`, but reads the secret again first when the cached value was read more than
   * `maxAgeMs` ago: a caller that has reason to think the secret changed (a password that does
   * not match) sees a new version at once instead of after the TTL. The read is shared with any
   * refresh in flight, a failed refresh is not retried before `retryMs`, and a slow one is not
   * waited for longer than `refreshWaitMs`, so callers cannot make it hammer the source.
   */
  getFresh(name: string, maxAgeMs: number, signal?: AbortSignal): Promise<string>;
}

interface Entry {
  value?: string;
  /** When `value` was read (a failed refresh leaves it unchanged). */
  readAt: number;
  freshUntil: number;
  refreshing?: Promise<string>;
  failing: boolean;
}

/**
 * Serves each secret from memory and re-reads it after `ttlMs`, so that a new secret version is
 * picked up without a redeploy. When a refresh fails, the last good value keeps being served (a
 * Secret Manager hiccup must not take the function down) and the failure is logged once per
 * outage, and a refresh slower than `refreshWaitMs` is not waited for; without a good value the
 * error goes to the caller. Concurrent readers share one read.
 */
export function cachedSecrets(
  source: SecretSource,
  options: CachedSecretsOptions,
): CachedSecretSource {
  const { ttlMs, logger, now = Date.now } = options;
  const retryMs = options.retryMs ?? Math.min(ttlMs, 30_000);
  const refreshWaitMs = options.refreshWaitMs ?? DEFAULT_REFRESH_WAIT_MS;
  if (!(ttlMs >= 0)) throw new TypeError("cachedSecrets: ttlMs must be >= 0");
  const entries = new Map<string, Entry>();

  // The shared read ignores any one caller's signal (another caller may still want the value);
  // each caller stops waiting when its own signal aborts.
  const refresh = (name: string, entry: Entry): Promise<string> => {
    entry.refreshing ??= source
      .get(name)
      .then(
        (value) => {
          if (entry.failing) logger.notice("secret refresh recovered", { secretName: name });
          const readAt = now();
          Object.assign(entry, { value, readAt, freshUntil: readAt + ttlMs, failing: false });
          return value;
        },
        (error: unknown) => {
          if (entry.value === undefined) throw error;
          if (!entry.failing) {
            logger.warn("secret refresh failed; serving the last good value", {
              secretName: name,
              error,
            });
          }
          entry.failing = true;
          entry.freshUntil = now() + retryMs;
          return entry.value;
        },
      )
      .finally(() => {
        entry.refreshing = undefined;
      });
    return entry.refreshing;
  };

  const read = (name: string, signal: AbortSignal | undefined, maxAgeMs: number) => {
    let entry = entries.get(name);
    if (!entry) {
      entry = { readAt: 0, freshUntil: 0, failing: false };
      entries.set(name, entry);
    }
    const young = entry.failing || now() - entry.readAt <= maxAgeMs;
    if (entry.value !== undefined && now() < entry.freshUntil && young) {
      return Promise.resolve(entry.value);
    }
    const refreshed = refresh(name, entry);
    const lastGood = entry.value;
    if (lastGood === undefined) return raceAbort(refreshed, name, signal);
    return raceAbort(orAfter(refreshed, refreshWaitMs, lastGood), name, signal);
  };

  return {
    get: (name, signal) => read(name, signal, Number.POSITIVE_INFINITY),
    getFresh: (name, maxAgeMs, signal) => read(name, signal, maxAgeMs),
  };
}

/** `work`'s value, or `fallback` when `work` has not settled within `ms`. */
function orAfter<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    timer.unref?.();
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
