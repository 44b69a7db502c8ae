/** The rolling window the failure budget counts over. */
export const FAILURE_WINDOW_MS = 60 * 60_000;
/** Addresses whose failures an instance remembers; the least recently seen is forgotten first. */
export const MAX_TRACKED_ADDRESSES = 10_000;
/** The instance-wide count is kept per minute: 60 numbers, whatever the flood. */
const BUCKET_MS = 60_000;
const BUCKETS = FAILURE_WINDOW_MS / BUCKET_MS;

export interface FailureBudgetOptions {
  /** Failed attempts one address may make per rolling hour on this instance. */
  perAddress: number;
  /** Failed attempts from all addresses together per rolling hour that raise the alert (never block). */
  ceiling: number;
  maxAddresses?: number;
  now?: () => number;
}

export interface FailureBudget {
  /** Seconds until `address` may try again, or 0 while its budget lasts. */
  retryAfterSeconds(address: string): number;
  /**
   * Counts one failed attempt from `address`. `ceilingReached` is true when this failure took
   * the instance-wide count to the ceiling: once when it is crossed, and again an hour later
   * while it stays there, so that one alert line per crossing (and per hour of flood) is logged.
   */
  recordFailure(address: string): { ceilingReached: boolean };
  /** Takes back the last failure counted for `address` (it turned out to be no failure). */
  forgive(address: string): void;
  /** Failed attempts of `address` in the window. */
  failures(address: string): number;
  /** Failed attempts of every address in the window (to the minute). */
  totalFailures(): number;
  /** Addresses currently remembered (at most `maxAddresses`). */
  trackedAddresses(): number;
}

/**
 * Anti-automation for the shared password (ASVS 4.0.3 2.2.1, 5.0 6.3.1), per client address:
 * at most `perAddress` failed attempts in any rolling hour from one address on this instance.
 * When an address has spent its budget, its requests are refused at once with 429 and
 * `Retry-After` (sleeping would tie up an instance that serves one request at a time) until its
 * oldest failure leaves the window. Other addresses, JSM's among them, are not affected: a
 * stranger can no longer lock JSM out.
 *
 * Memory is bounded under a flood of distinct addresses: at most `maxAddresses` are remembered,
 * each with at most `perAddress` timestamps (a Map in least-recently-seen order; the oldest is
 * dropped, which only forgives an address that has been quiet longest). The instance-wide count
 * is 60 per-minute buckets. It never blocks: many addresses guessing together raise an alert
 * (see `recordFailure`), and the 128-bit password is what makes guessing futile.
 */
export function createFailureBudget(options: FailureBudgetOptions): FailureBudget {
  const { perAddress, ceiling, maxAddresses = MAX_TRACKED_ADDRESSES, now = Date.now } = options;
  // Per address: timestamps of its failures in the window, oldest first.
  const recent = new Map<string, number[]>();
  const buckets = new Array<number>(BUCKETS).fill(0);
  const bucketStart = new Array<number>(BUCKETS).fill(Number.NEGATIVE_INFINITY);
  let alertedAt: number | undefined;

  const pruned = (address: string): number[] | undefined => {
    const list = recent.get(address);
    if (!list) return undefined;
    const cutoff = now() - FAILURE_WINDOW_MS;
    while (list.length > 0 && (list[0] ?? 0) <= cutoff) list.shift();
    if (list.length === 0) {
      recent.delete(address);
      return undefined;
    }
    return list;
  };
  const total = () => {
    const oldest = now() - FAILURE_WINDOW_MS;
    let sum = 0;
    for (let i = 0; i < BUCKETS; i += 1) {
      if ((bucketStart[i] ?? Number.NEGATIVE_INFINITY) > oldest) sum += buckets[i] ?? 0;
    }
    return sum;
  };
  const countGlobally = (delta: number, at: number) => {
    const minute = Math.floor(at / BUCKET_MS);
    const slot = minute % BUCKETS;
    if (bucketStart[slot] !== minute * BUCKET_MS) {
      if (delta < 0) return; // that minute has left the window already
      bucketStart[slot] = minute * BUCKET_MS;
      buckets[slot] = 0;
    }
    buckets[slot] = Math.max(0, (buckets[slot] ?? 0) + delta);
  };

  return {
    retryAfterSeconds(address) {
      const list = pruned(address);
      if (!list || list.length < perAddress) return 0;
      const oldest = list[0] ?? now();
      return Math.max(1, Math.ceil((oldest + FAILURE_WINDOW_MS - now()) / 1000));
    },
    recordFailure(address) {
      const at = now();
      const list = pruned(address) ?? [];
      // Least recently seen first: re-inserting moves the address to the end.
      recent.delete(address);
      list.push(at);
      if (list.length > perAddress) list.shift();
      recent.set(address, list);
      if (recent.size > maxAddresses) {
        const stalest = recent.keys().next().value;
        if (stalest !== undefined) recent.delete(stalest);
      }
      countGlobally(1, at);
      const count = total();
      if (count < ceiling) {
        alertedAt = undefined;
        return { ceilingReached: false };
      }
      if (alertedAt !== undefined && at - alertedAt < FAILURE_WINDOW_MS) {
        return { ceilingReached: false };
      }
      alertedAt = at;
      return { ceilingReached: true };
    },
    forgive(address) {
      const list = recent.get(address);
      const at = list?.pop();
      if (list && list.length === 0) recent.delete(address);
      if (at !== undefined) countGlobally(-1, at);
    },
    failures: (address) => pruned(address)?.length ?? 0,
    totalFailures: total,
    trackedAddresses: () => recent.size,
  };
}
