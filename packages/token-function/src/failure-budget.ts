/** The rolling window the failure budget counts over. */
export const FAILURE_WINDOW_MS = 60 * 60_000;

export interface FailureBudget {
  /** Seconds until the next attempt may be tried, or 0 while the budget lasts. */
  retryAfterSeconds(): number;
  /** Counts one failed attempt. */
  recordFailure(): void;
  /** Failed attempts in the current window. */
  failures(): number;
}

/**
 * Anti-automation for the shared password (ASVS 4.0.3 2.2.1, 5.0 6.3.1): at most `perHour`
 * failed attempts in any rolling hour on this instance, with `perHour = floor(100 / max
 * instances)` so that all instances together stay at or under 100 per hour. When it is spent,
 * every request is refused at once with 429 and `Retry-After` (sleeping would tie up an instance
 * that serves one request at a time), until the oldest failure leaves the window.
 */
export function createFailureBudget(perHour: number, now: () => number = Date.now): FailureBudget {
  // Timestamps of the failures in the window, oldest first; never more than perHour of them.
  const recent: number[] = [];
  const prune = () => {
    const cutoff = now() - FAILURE_WINDOW_MS;
    while (recent.length > 0 && (recent[0] ?? 0) <= cutoff) recent.shift();
  };
  return {
    retryAfterSeconds() {
      prune();
      if (recent.length < perHour) return 0;
      const oldest = recent[0] ?? now();
      return Math.max(1, Math.ceil((oldest + FAILURE_WINDOW_MS - now()) / 1000));
    },
    recordFailure() {
      prune();
      recent.push(now());
      if (recent.length > perHour) recent.shift();
    },
    failures() {
      prune();
      return recent.length;
    },
  };
}
