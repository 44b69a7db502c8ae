/**
 * Control endpoint for other processes (dev stack, bench), loopback only:
 *
 *   POST   /__emulator/faults   {"match": {...}, "kind": ..., "times": n}  -> 201 {"active": n}
 *   DELETE /__emulator/faults                                              -> 200 {"active": 0}
 *   POST   /__emulator/latency  {"ms": n}                                   -> 200 {"latency_ms": n}
 *   POST   /__emulator/server-cost {"server_ms": n | model, "workers": n}     -> 200 {"server_cost", "workers"}
 *   GET    /__emulator/state                                               -> 200 {requests, in_flight, in_flight_peak, latency_ms, ...}
 *   DELETE /__emulator/in-flight-peak                                      -> 200 {in_flight, in_flight_peak} (before the reset)
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { EmulatorError } from "../errors.ts";
import { type Faults, parseFaultRule } from "../faults.ts";
import type { ServerCostModel } from "../server-cost.ts";
import { isLoopback, JSON_TYPE, readBody, respond } from "./http.ts";

export interface ControlDeps {
  readonly faults: Faults;
  readonly state: () => Record<string, unknown>;
  setLatency(ms: number): void;
  /** Throws EmulatorError for bad values. */
  setServerCost(settings: { serverMs?: number | ServerCostModel; workers?: number }): void;
  resetPeak(): { now: number; peak: number };
}

const reply = (res: ServerResponse, status: number, body: unknown) =>
  respond(res, status, JSON_TYPE, JSON.stringify(body), { "Cache-Control": "no-store" });

const problem = (res: ServerResponse, status: number, code: string, message: string) =>
  reply(res, status, { error: { code, message } });

const readJson = async (req: IncomingMessage): Promise<unknown> =>
  JSON.parse((await readBody(req)).toString("utf8"));

export const handleControl = async (
  deps: ControlDeps,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
) => {
  if (!isLoopback(req.socket.remoteAddress)) {
    return problem(res, 403, "FORBIDDEN", "the control endpoint answers loopback clients only");
  }
  const route = `${req.method} ${path}`;
  try {
    switch (route) {
      case "GET /__emulator/state":
        return reply(res, 200, deps.state());
      case "POST /__emulator/faults":
        deps.faults.inject(parseFaultRule(await readJson(req)));
        return reply(res, 201, { active: deps.faults.active() });
      case "DELETE /__emulator/in-flight-peak": {
        const { now, peak } = deps.resetPeak();
        return reply(res, 200, { in_flight: now, in_flight_peak: peak });
      }
      case "DELETE /__emulator/faults":
        deps.faults.clear();
        return reply(res, 200, { active: 0 });
      case "POST /__emulator/latency": {
        const { ms } = (await readJson(req)) as { ms?: unknown };
        if (!Number.isInteger(ms) || (ms as number) < 0) {
          return problem(res, 400, "BAD_REQUEST", "ms: expected a non-negative integer");
        }
        deps.setLatency(ms as number);
        return reply(res, 200, { latency_ms: ms });
      }
      case "POST /__emulator/server-cost": {
        const body = await readJson(req);
        if (typeof body !== "object" || body === null || Array.isArray(body)) {
          return problem(res, 400, "BAD_REQUEST", "expected a JSON object");
        }
        const { server_ms: serverMs, workers, ...rest } = body as Record<string, unknown>;
        const unknown = Object.keys(rest)[0];
        if (unknown !== undefined || (serverMs === undefined && workers === undefined)) {
          return problem(
            res,
            400,
            "BAD_REQUEST",
            unknown !== undefined
              ? `${unknown}: unknown key (server_ms, workers)`
              : "expected server_ms and/or workers",
          );
        }
        deps.setServerCost({
          ...(serverMs !== undefined ? { serverMs: serverMs as number | ServerCostModel } : {}),
          ...(workers !== undefined ? { workers: workers as number } : {}),
        });
        const state = deps.state();
        return reply(res, 200, { server_cost: state.server_cost, workers: state.workers });
      }
      default:
        return problem(res, 404, "NOT_FOUND", `no control route ${route}`);
    }
  } catch (error) {
    const message =
      error instanceof EmulatorError
        ? error.problems.join("; ")
        : error instanceof SyntaxError
          ? "body: invalid JSON"
          : error instanceof Error
            ? error.message
            : String(error);
    return problem(res, 400, "BAD_REQUEST", message);
  }
};
