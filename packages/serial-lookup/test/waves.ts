import type { OdooClient } from "@jsm-odoo/odoo-client";

interface Span {
  method: string;
  start: number;
  end: number;
}

/**
 * Wraps a client to measure the critical path of a lookup in dependent round trips ("waves"):
 * a call is one wave deeper than the deepest call that had finished when it started. Calls
 * issued together (Promise.all) share a wave whatever their count or timing.
 */
export function measureWaves(client: OdooClient): {
  client: OdooClient;
  reset(): void;
  waves(): number;
  calls(): string[];
} {
  let spans: Span[] = [];
  const traced = new Set([
    "searchRead",
    "read",
    "webSearchRead",
    "webRead",
    "searchCount",
    "fieldsGet",
  ]);
  const wrapped = new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || !traced.has(String(property))) return value;
      return async (...args: unknown[]) => {
        const span: Span = {
          method: `${String(args[0])}.${String(property)}`,
          start: performance.now(),
          end: Number.POSITIVE_INFINITY,
        };
        spans.push(span);
        try {
          return await value.apply(target, args);
        } finally {
          span.end = performance.now();
        }
      };
    },
  });
  return {
    client: wrapped,
    reset: () => {
      spans = [];
    },
    calls: () => spans.map((span) => span.method),
    waves: () => {
      const depth = new Map<Span, number>();
      const ordered = [...spans].sort((a, b) => a.start - b.start);
      for (const span of ordered) {
        const before = ordered
          .filter((other) => other.end <= span.start)
          .map((other) => depth.get(other) ?? 0);
        depth.set(span, 1 + Math.max(0, ...before));
      }
      return Math.max(0, ...depth.values());
    },
  };
}
