import type { ExecuteKwRequest, OdooTransport, TransportCall } from "../../src/index.ts";

export interface SpyTransport extends OdooTransport {
  calls: { version: number; authenticate: number; executeKw: ExecuteKwRequest[] };
  closed: boolean;
}

export interface SpyBehaviour {
  major?: number;
  uid?: number | false;
  execute?: (request: ExecuteKwRequest, call: TransportCall) => unknown;
  /** Delay before answering authenticate, so concurrent callers overlap. */
  authDelayMs?: number;
}

/** An in-process transport that records every call: no sockets, so "no traffic" is exact. */
export function spyTransport(behaviour: SpyBehaviour = {}): SpyTransport {
  const major = behaviour.major ?? 17;
  const spy: SpyTransport = {
    kind: "spy",
    calls: { version: 0, authenticate: 0, executeKw: [] },
    closed: false,
    async version() {
      spy.calls.version += 1;
      return { server_version: `${major}.0`, server_version_info: [major, 0, 0, "final", 0, ""] };
    },
    async authenticate() {
      spy.calls.authenticate += 1;
      if (behaviour.authDelayMs) await new Promise((r) => setTimeout(r, behaviour.authDelayMs));
      return behaviour.uid ?? 2;
    },
    async executeKw(request, call) {
      spy.calls.executeKw.push(request);
      return behaviour.execute ? behaviour.execute(request, call) : [];
    },
    close() {
      spy.closed = true;
    },
  };
  return spy;
}

export const OPTIONS = {
  url: "http://127.0.0.1:9",
  db: "testdb",
  username: "integration",
  password: "s3cret-api-key-0f9e8d",
} as const;
