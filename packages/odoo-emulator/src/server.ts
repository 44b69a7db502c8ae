/**
 * startEmulator: a plain node:http server speaking Odoo's XML-RPC and JSON-RPC over a fixture.
 *
 * Routes: POST /xmlrpc/2/<service>, POST /jsonrpc, and on 19 only (as Odoo 19) GET /web/version
 * and POST /json/2/<model>/<method> (JSON-2, see wire/json2.ts); /__emulator/* (control,
 * loopback only). Older profiles answer 404 on the 19-only routes, like a real older Odoo.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { demoFixture } from "./demo/fixture.ts";
import { EmulatorError } from "./errors.ts";
import { type FaultInjector, Faults } from "./faults.ts";
import { type Fixture, validateFixture } from "./fixture.ts";
import { Orm } from "./orm.ts";
import { buildProfile } from "./profiles.ts";
import { baseSchema, ODOO_VERSIONS, type OdooVersion } from "./schema/index.ts";
import {
  costOf,
  NO_COST,
  type PoolGauge,
  parseServerCost,
  type ServerCostModel,
  WorkerPool,
} from "./server-cost.ts";
import { Store } from "./store.ts";
import { Users } from "./users.ts";
import { handleControl } from "./wire/control.ts";
import {
  BodyTooLarge,
  HTML,
  JSON_TYPE,
  methodNotAllowedPage,
  noDatabasePage,
  notFoundPage,
  readBody,
  respond,
} from "./wire/http.ts";
import { handleJson2, json2NotFound } from "./wire/json2.ts";
import { handleJsonRpc, handleXmlRpc, type RpcDeps } from "./wire/rpc-routes.ts";

export interface EmulatorOptions {
  /** Default: the demo fixture. */
  fixture?: Fixture;
  /** Default 17. */
  odooVersion?: OdooVersion;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Added to every request; default 0. */
  latencyMs?: number;
  /**
   * Time each Odoo request holds a worker: milliseconds for every request, or a model by
   * protocol and call (e.g. `REAL_ODOO_COST[19]`); default 0.
   */
  serverMs?: number | ServerCostModel;
  /** Workers serving Odoo requests; requests beyond them wait, first come first served. 0 (default): no limit. */
  workers?: number;
}

export interface ServerCostSettings {
  serverMs?: number | ServerCostModel;
  workers?: number;
}

/** The worker pool now: its size (0 = no limit), requests holding a worker, requests waiting. */
export interface WorkerGauge extends PoolGauge {
  workers: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  db: string;
  odooVersion: OdooVersion;
  faults: FaultInjector;
  setLatency(ms: number): void;
  /** Changes the server-cost model and/or the number of workers (queued requests keep their turn). */
  setServerCost(settings: ServerCostSettings): void;
  /** The cost model in force. */
  serverCost(): ServerCostModel;
  workerGauge(): WorkerGauge;
  /** Odoo requests received so far (control requests excluded). */
  requests(): number;
  /**
   * Odoo requests received and not yet answered (or abandoned by the client), and the highest
   * that number has been since start or the last `resetPeak()`. Control requests excluded. This
   * is what a real Odoo's worker pool sees: the load run checks the client's concurrency limit
   * against it.
   */
  inFlight(): InFlight;
  /** Starts a new peak from the requests in flight now; returns the gauge before the reset. */
  resetPeak(): InFlight;
  close(): Promise<void>;
}

export interface InFlight {
  now: number;
  peak: number;
}

const checkLatency = (ms: number): number => {
  if (!Number.isInteger(ms) || ms < 0) {
    throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", [
      "latencyMs: expected a non-negative integer",
    ]);
  }
  return ms;
};

const checkWorkers = (workers: number): number => {
  if (!Number.isInteger(workers) || workers < 0) {
    throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", [
      "workers: expected a non-negative integer (0 = no limit)",
    ]);
  }
  return workers;
};

const checkServerCost = (serverMs: number | ServerCostModel): ServerCostModel => {
  try {
    return parseServerCost(serverMs);
  } catch (error) {
    throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", [(error as Error).message]);
  }
};

export const startEmulator = async (options: EmulatorOptions = {}): Promise<RunningEmulator> => {
  const version = options.odooVersion ?? 17;
  if (!ODOO_VERSIONS.includes(version)) {
    throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", [
      `odooVersion: expected one of ${ODOO_VERSIONS.join(", ")}`,
    ]);
  }
  let latencyMs = checkLatency(options.latencyMs ?? 0);
  let costModel = options.serverMs === undefined ? NO_COST : checkServerCost(options.serverMs);
  const pool = new WorkerPool(checkWorkers(options.workers ?? 0));
  const setServerCost = ({ serverMs, workers }: ServerCostSettings) => {
    const model = serverMs === undefined ? costModel : checkServerCost(serverMs);
    if (workers !== undefined) pool.resize(checkWorkers(workers));
    costModel = model;
  };
  const workerGauge = (): WorkerGauge => ({ workers: pool.workers, ...pool.gauge() });
  const schema = baseSchema();
  const fixture = validateFixture(options.fixture ?? demoFixture(version), schema);
  const store = new Store(schema, fixture, version);
  const profile = buildProfile(schema, version);
  const inactiveUsers = new Set(
    store.ids("res.users").filter((id) => store.value("res.users", id, "active") === false),
  );
  const faults = new Faults();
  const hanging = new Set<ServerResponse>();
  let served = 0;
  const inFlight: InFlight = { now: 0, peak: 0 };
  const resetPeak = (): InFlight => {
    const before = { ...inFlight };
    inFlight.peak = inFlight.now;
    return before;
  };
  const rpc: RpcDeps = {
    service: {
      db: fixture.db,
      version,
      users: new Users(fixture.users, inactiveUsers, new Set(store.ids("res.users"))),
      orm: new Orm(store, profile),
    },
    profile,
    faults,
    hang: (res) => {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
    },
    charge: async (call) => {
      const ms = costOf(costModel, call);
      // Unreferenced: a worker busy for a client that left must not keep the process alive.
      if (ms > 0) await sleep(ms, undefined, { ref: false });
    },
  };
  const control = {
    faults,
    setLatency: (ms: number) => {
      latencyMs = checkLatency(ms);
    },
    resetPeak,
    setServerCost,
    state: () => ({
      requests: served,
      in_flight: inFlight.now,
      in_flight_peak: inFlight.peak,
      latency_ms: latencyMs,
      server_cost: costModel,
      workers: pool.workers,
      workers_busy: pool.gauge().busy,
      queued: pool.gauge().queued,
      faults_active: faults.active(),
      db: fixture.db,
      odoo_version: version,
    }),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://emulator").pathname;
    if (path.startsWith("/__emulator/")) return handleControl(control, path, req, res);
    served += 1;
    inFlight.now += 1;
    inFlight.peak = Math.max(inFlight.peak, inFlight.now);
    // "close" fires once per response: after it was sent, or when the client went away first.
    res.once("close", () => {
      inFlight.now -= 1;
    });
    const xmlrpc = /^\/xmlrpc\/2\/([a-z_]+)$/.exec(path);
    const json2 = version >= 19 ? /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path) : null;
    const isRpc = xmlrpc !== null || json2 !== null || path === "/jsonrpc";
    const webVersion = path === "/web/version" && version >= 19;
    // Odoo 19 takes over every other /json/2 path with a JSON 404 (json2.py); a method other
    // than POST on a model's route finds no database to serve it and gets Odoo's HTML 404.
    if (version >= 19 && json2 && req.method !== "POST") {
      return respond(res, 404, HTML, noDatabasePage());
    }
    if (version >= 19 && /^\/json\/2(\/|$)/.test(path) && !json2) {
      return respond(res, 404, JSON_TYPE, json2NotFound());
    }
    if (!isRpc && !webVersion) return respond(res, 404, HTML, notFoundPage());
    if (req.method !== "POST" && !webVersion)
      return respond(res, 405, HTML, methodNotAllowedPage(), { Allow: "POST" });
    const body = await readBody(req);
    if (latencyMs > 0) await sleep(latencyMs);
    // A worker serves the request until its answer is out (or the client gave up).
    const release = await pool.acquire();
    if (res.destroyed) return release();
    res.once("close", release);
    if (webVersion) {
      await rpc.charge({ protocol: "json2", service: "common", method: "version", relations: 0 });
      return respond(
        res,
        200,
        JSON_TYPE,
        JSON.stringify({ version_info: [version, 0, 0, "final", 0, ""], version: `${version}.0` }),
      );
    }
    if (json2) {
      return handleJson2(rpc, json2[1] ?? "", json2[2] ?? "", body, req, res);
    }
    if (xmlrpc) return handleXmlRpc(rpc, xmlrpc[1] as string, body, req, res);
    return handleJsonRpc(rpc, body, req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BodyTooLarge)
        return respond(res, 413, HTML, "<h1>Request Entity Too Large</h1>");
      respond(res, 500, HTML, "<h1>Internal Server Error</h1>");
    });
  });
  // Keep-alive friendly: clients such as odoo-await and Python reuse connections.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 31_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    db: fixture.db,
    odooVersion: version,
    faults,
    setLatency: control.setLatency,
    setServerCost,
    serverCost: () => costModel,
    workerGauge,
    requests: () => served,
    inFlight: () => ({ ...inFlight }),
    resetPeak,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
};
