export interface RpcStatsEntry {
  calls: number;
  errors: number;
  totalMs: number;
  maxMs: number;
}

export interface RpcStats {
  /** Wire requests made (every attempt counts, retries included). */
  calls: number;
  errors: number;
  /** Attempts that were retries of an earlier failed attempt. */
  retries: number;
  totalMs: number;
  /** Keyed `common/version`, `common/authenticate`, `object/<model>/<method>` (canonical model). */
  byMethod: Record<string, RpcStatsEntry>;
}

/** One wire request, as `onRpc` sees it. Carries no arguments and no credentials. */
export interface RpcEvent {
  service: "common" | "object";
  model?: string;
  method: string;
  attempt: number;
  durationMs: number;
  ok: boolean;
  errorCode?: string;
}

export class StatsRecorder {
  #stats: RpcStats = emptyStats();

  record(event: RpcEvent): void {
    const key =
      event.model === undefined
        ? `${event.service}/${event.method}`
        : `${event.service}/${event.model}/${event.method}`;
    const entry = this.#stats.byMethod[key] ?? { calls: 0, errors: 0, totalMs: 0, maxMs: 0 };
    this.#stats.byMethod[key] = entry;
    entry.calls += 1;
    entry.totalMs += event.durationMs;
    entry.maxMs = Math.max(entry.maxMs, event.durationMs);
    this.#stats.calls += 1;
    this.#stats.totalMs += event.durationMs;
    if (event.attempt > 1) this.#stats.retries += 1;
    if (!event.ok) {
      entry.errors += 1;
      this.#stats.errors += 1;
    }
  }

  snapshot(): RpcStats {
    return structuredClone(this.#stats);
  }

  reset(): void {
    this.#stats = emptyStats();
  }
}

function emptyStats(): RpcStats {
  return { calls: 0, errors: 0, retries: 0, totalMs: 0, byMethod: {} };
}
