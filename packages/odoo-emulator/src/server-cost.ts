/**
 * What a request costs a real Odoo, and the worker pool that pays it (docs/decisions.md):
 * `cost = requestMs[protocol] + relationMs × relations followed`, `versionMs` without a
 * database, `authenticateMs` for a password check (README "Server-cost model").
 */
export type CostProtocol = "xmlrpc" | "jsonrpc" | "json2";

export interface ServerCostModel {
  /** An ORM call (`execute_kw`, JSON-2), by protocol. */
  readonly requestMs: Readonly<Record<CostProtocol, number>>;
  /** `common.version`, `GET /web/version`, the `db` service: no database involved. */
  readonly versionMs: number;
  /** `common.authenticate` / `login`: a password hash check. */
  readonly authenticateMs: number;
  /** Each relation a `web_search_read` / `web_read` specification follows (`fields` of a relation). */
  readonly relationMs: number;
}

/** What the cost of one call depends on. */
export interface CostedCall {
  protocol: CostProtocol;
  service: string;
  method: string;
  relations: number;
}

/** The same cost for every request: `--server-ms N`. */
export const flatCost = (ms: number): ServerCostModel => ({
  requestMs: { xmlrpc: ms, jsonrpc: ms, json2: ms },
  versionMs: ms,
  authenticateMs: ms,
  relationMs: 0,
});

export const NO_COST: ServerCostModel = flatCost(0);

/**
 * Calibrated on the real Odoo servers of this project's machine (2 cores, a quiet machine,
 * 2 workers each, PostgreSQL 15): p50 over 30 rounds of `pnpm -s emulator:calibrate` against
 * databases seeded by `pnpm -s emulator:seed-real`. The figures, the machine's load while they
 * were taken and the fit are in the README ("Server-cost model") and in
 * scripts/calibration/results/. Odoo 16 and 17 have no JSON-2 (their `json2` repeats `jsonrpc`)
 * and 16 has no specification (`relationMs` 0).
 */
export const REAL_ODOO_COST: Readonly<Record<16 | 17 | 19, ServerCostModel>> = {
  16: {
    requestMs: { xmlrpc: 32.8, jsonrpc: 32, json2: 32 },
    versionMs: 26.4,
    authenticateMs: 293.8,
    relationMs: 0,
  },
  17: {
    requestMs: { xmlrpc: 32.9, jsonrpc: 32.8, json2: 32.8 },
    versionMs: 27.1,
    authenticateMs: 474.1,
    relationMs: 2,
  },
  19: {
    requestMs: { xmlrpc: 30.9, jsonrpc: 29.8, json2: 12.9 },
    versionMs: 22.9,
    authenticateMs: 325.1,
    relationMs: 1.8,
  },
};

/** The calibrated model nearest a version: 16's for 14-16, 17's for 17, 19's for 18-19. */
export const realOdooCost = (version: number): ServerCostModel =>
  REAL_ODOO_COST[version >= 18 ? 19 : version === 17 ? 17 : 16];

/**
 * Relations a specification reads: every field whose spec has `fields` naming more than
 * `display_name`, at any depth. A label alone costs Odoo no read of the comodel (web_read asks
 * the comodel for nothing and takes `display_name` as superuser), so it is not counted.
 */
export const countRelations = (specification: unknown): number => {
  if (typeof specification !== "object" || specification === null || Array.isArray(specification)) {
    return 0;
  }
  let count = 0;
  for (const fieldSpec of Object.values(specification)) {
    const fields = (fieldSpec as { fields?: unknown } | null)?.fields;
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) continue;
    const reads = Object.keys(fields).some((name) => name !== "display_name");
    count += (reads ? 1 : 0) + countRelations(fields);
  }
  return count;
};

const isDict = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The cost inputs of an XML-RPC / JSON-RPC call (`execute_kw(db, uid, pw, model, method, args, kwargs)`). */
export const rpcCall = (
  protocol: CostProtocol,
  service: string,
  method: string,
  params: readonly unknown[],
): CostedCall => {
  const modelMethod = params[4];
  if (service !== "object" || (modelMethod !== "web_search_read" && modelMethod !== "web_read")) {
    return { protocol, service, method, relations: 0 };
  }
  const [args, kwargs] = method === "execute" ? [params.slice(5), {}] : [params[5], params[6]];
  const specification =
    isDict(kwargs) && "specification" in kwargs
      ? kwargs.specification
      : Array.isArray(args)
        ? args[1]
        : undefined;
  return { protocol, service, method, relations: countRelations(specification) };
};

export const costOf = (model: ServerCostModel, call: CostedCall): number => {
  if (
    call.service === "db" ||
    (call.service === "common" && call.method !== "authenticate" && call.method !== "login")
  ) {
    return model.versionMs;
  }
  if (call.service === "common") return model.authenticateMs;
  return model.requestMs[call.protocol] + model.relationMs * call.relations;
};

const MAX_MS = 600_000;

/** Validates a model from JSON (control endpoint, options); throws Error with a clear message. */
export const parseServerCost = (input: unknown): ServerCostModel => {
  const ms = (value: unknown, name: string): number => {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_MS) {
      throw new Error(`${name}: expected a number of milliseconds from 0 to ${MAX_MS}`);
    }
    return value;
  };
  if (typeof input === "number") return flatCost(ms(input, "server_ms"));
  if (typeof input !== "object" || input === null) {
    throw new Error(
      "server cost: expected milliseconds or {requestMs, versionMs, authenticateMs, relationMs}",
    );
  }
  const { requestMs, versionMs, authenticateMs, relationMs } = input as Record<string, unknown>;
  const request = (requestMs ?? {}) as Record<string, unknown>;
  return {
    requestMs: {
      xmlrpc: ms(request.xmlrpc, "requestMs.xmlrpc"),
      jsonrpc: ms(request.jsonrpc, "requestMs.jsonrpc"),
      json2: ms(request.json2, "requestMs.json2"),
    },
    versionMs: ms(versionMs, "versionMs"),
    authenticateMs: ms(authenticateMs, "authenticateMs"),
    relationMs: ms(relationMs, "relationMs"),
  };
};

export interface PoolGauge {
  /** Requests holding a worker. */
  busy: number;
  /** Requests waiting for one. */
  queued: number;
}

/** A FIFO pool of `size` workers; 0 means unlimited. */
export class WorkerPool {
  private size: number;
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.size = size;
  }

  get workers(): number {
    return this.size;
  }

  resize(size: number): void {
    this.size = size;
    this.admit();
  }

  gauge(): PoolGauge {
    return { busy: this.busy, queued: this.waiting.length };
  }

  /** Resolves, in arrival order, once a worker is free; call the returned function to free it. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiting.push(() => {
        let held = true;
        resolve(() => {
          if (!held) return;
          held = false;
          this.busy -= 1;
          this.admit();
        });
      });
      this.admit();
    });
  }

  private admit(): void {
    while (this.waiting.length > 0 && (this.size === 0 || this.busy < this.size)) {
      this.busy += 1;
      this.waiting.shift()?.();
    }
  }
}
