import type { OdooTransport, TransportCall } from "./transport.ts";
import { abortedError } from "./wire-errors.ts";

/**
 * Caps how many requests one client has in flight. Each Odoo request occupies one Odoo worker
 * for its duration, and a production Odoo often runs only `2 x cores + 1` workers: a lookup of
 * twenty serials fanning out dozens of concurrent reads would queue the ERP's own users behind
 * it. Requests past the cap wait here, in order; a waiting request whose signal fires (attempt
 * timeout, deadline, caller) leaves the queue without ever being sent.
 */
export function limitConcurrency(transport: OdooTransport, maxInFlight: number): OdooTransport {
  let inFlight = 0;
  const waiting: Array<{ start: () => void; signal: AbortSignal; abandon: () => void }> = [];

  function release(): void {
    inFlight -= 1;
    while (waiting.length > 0 && inFlight < maxInFlight) {
      const next = waiting.shift();
      if (next && !next.signal.aborted) {
        next.start();
        return;
      }
    }
  }

  function limited<T>(call: TransportCall, send: () => Promise<T>): Promise<T> {
    const run = () => {
      inFlight += 1;
      return send().finally(release);
    };
    if (inFlight < maxInFlight) return run();
    return new Promise<T>((resolve, reject) => {
      const { signal } = call;
      const entry = {
        signal,
        start: () => {
          signal.removeEventListener("abort", entry.abandon);
          run().then(resolve, reject);
        },
        abandon: () => {
          const index = waiting.indexOf(entry);
          if (index >= 0) waiting.splice(index, 1);
          reject(abortedError(signal.reason));
        },
      };
      if (signal.aborted) return entry.abandon();
      signal.addEventListener("abort", entry.abandon, { once: true });
      waiting.push(entry);
    });
  }

  return {
    kind: transport.kind,
    version: (call) => limited(call, () => transport.version(call)),
    authenticate: (call) => limited(call, () => transport.authenticate(call)),
    executeKw: (request, call) => limited(call, () => transport.executeKw(request, call)),
    close: () => transport.close(),
  };
}
