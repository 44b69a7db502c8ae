import { describe, expect, it } from "vitest";
import { cachedSecrets, createLogger, type SecretSource } from "../../src/index.ts";

function countingSource(values: Record<string, string>) {
  let reads = 0;
  let failing = false;
  const source: SecretSource = {
    async get(name) {
      reads += 1;
      if (failing) throw new Error("backend down");
      const value = values[name];
      if (value === undefined) throw new Error(`no ${name}`);
      return value;
    },
  };
  return {
    source,
    reads: () => reads,
    fail: (on: boolean) => {
      failing = on;
    },
  };
}

describe("cachedSecrets", () => {
  it("shares one read between concurrent callers and serves from memory within the TTL", async () => {
    const backend = countingSource({ a: "1" });
    let now = 0;
    const cached = cachedSecrets(backend.source, {
      ttlMs: 100,
      logger: createLogger({ write: () => {} }),
      now: () => now,
    });
    expect(await Promise.all([cached.get("a"), cached.get("a"), cached.get("a")])).toEqual([
      "1",
      "1",
      "1",
    ]);
    now = 99;
    await cached.get("a");
    expect(backend.reads()).toBe(1);
  });

  it("throws when the first read fails (there is no good value to serve)", async () => {
    const backend = countingSource({});
    const cached = cachedSecrets(backend.source, {
      ttlMs: 100,
      logger: createLogger({ write: () => {} }),
    });
    await expect(cached.get("a")).rejects.toThrow("no a");
  });

  it("logs a failing refresh once per outage, retries after retryMs, and notes the recovery", async () => {
    const lines: string[] = [];
    const backend = countingSource({ a: "1" });
    let now = 0;
    const cached = cachedSecrets(backend.source, {
      ttlMs: 100,
      retryMs: 10,
      logger: createLogger({ write: (l) => lines.push(l) }),
      now: () => now,
    });
    await cached.get("a");
    backend.fail(true);
    for (const t of [100, 105, 110, 120]) {
      now = t;
      expect(await cached.get("a")).toBe("1");
    }
    expect(backend.reads()).toBe(4); // 0, 100, 110, 120: not at 105 (within retryMs)
    backend.fail(false);
    now = 130;
    await cached.get("a");
    expect(lines.map((l) => JSON.parse(l).message)).toEqual([
      "secret refresh failed; serving the last good value",
      "secret refresh recovered",
    ]);
  });

  it("stops waiting when the caller's signal aborts", async () => {
    const never: SecretSource = { get: () => new Promise(() => {}) };
    const cached = cachedSecrets(never, { ttlMs: 100, logger: createLogger({ write: () => {} }) });
    const controller = new AbortController();
    const pending = cached.get("a", controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "SECRET_ABORTED" });
  });

  it("serves the last good value when a refresh is slower than refreshWaitMs, and the new one once it lands", async () => {
    let release: (value: string) => void = () => {};
    let reads = 0;
    const slow: SecretSource = {
      get: () => {
        reads += 1;
        return reads === 1
          ? Promise.resolve("old")
          : new Promise((resolve) => {
              release = resolve;
            });
      },
    };
    const cached = cachedSecrets(slow, {
      ttlMs: 0,
      refreshWaitMs: 20,
      logger: createLogger({ write: () => {} }),
    });
    await expect(cached.get("a")).resolves.toBe("old");
    const started = Date.now();
    await expect(cached.get("a")).resolves.toBe("old");
    expect(Date.now() - started).toBeLessThan(1_000);
    release("new");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toBe(2);
    await expect(cached.get("a")).resolves.toBe("new");
  });

  it("getFresh reads again only a value older than maxAgeMs, and shares that read", async () => {
    const values = { a: "1" };
    const backend = countingSource(values);
    let now = 0;
    const cached = cachedSecrets(backend.source, {
      ttlMs: 300_000,
      logger: createLogger({ write: () => {} }),
      now: () => now,
    });
    await cached.get("a");
    values.a = "2";
    now = 30_000;
    expect(await cached.getFresh("a", 30_000)).toBe("1");
    expect(backend.reads()).toBe(1);
    now = 30_001;
    expect(await Promise.all([cached.getFresh("a", 30_000), cached.getFresh("a", 30_000)])).toEqual(
      ["2", "2"],
    );
    expect(backend.reads()).toBe(2);
    expect(await cached.get("a")).toBe("2");
    expect(backend.reads()).toBe(2);
  });

  it("getFresh does not retry a failed read before retryMs (callers cannot hammer the source)", async () => {
    const backend = countingSource({ a: "1" });
    let now = 0;
    const cached = cachedSecrets(backend.source, {
      ttlMs: 300_000,
      retryMs: 30_000,
      logger: createLogger({ write: () => {} }),
      now: () => now,
    });
    await cached.get("a");
    backend.fail(true);
    now = 60_000;
    expect(await cached.getFresh("a", 30_000)).toBe("1");
    for (let i = 0; i < 20; i += 1) expect(await cached.getFresh("a", 30_000)).toBe("1");
    expect(backend.reads()).toBe(2);
  });
});
