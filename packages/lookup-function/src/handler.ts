import type { IncomingMessage, ServerResponse } from "node:http";
import { bodySize, type Logger, requestLogContext, sendJson } from "@jsm-odoo/function-runtime";
import { parseSerialInput, type SerialResult } from "@jsm-odoo/serial-lookup";
import { classifyLookupError } from "./classify.ts";
import { type LookupConfig, MAX_BODY_BYTES } from "./config.ts";
import { LookupError } from "./errors.ts";
import { type RequestShape, readSerialRequest } from "./input.ts";
import { FOUND_MESSAGE, toLegacyKeys } from "./legacy.ts";
import type { OdooConnection } from "./odoo-connection.ts";
import { sendLookupError } from "./responses.ts";
import type { TokenVerifier } from "./token.ts";

/** What the Functions Framework hands over: a Node request with the parsed and raw body. */
export type LookupRequest = IncomingMessage & {
  body?: unknown;
  rawBody?: Buffer;
  /** Set by the Functions Framework when a timeout is configured; aborts on client disconnect. */
  abortController?: AbortController;
};
export type LookupHandler = (req: LookupRequest, res: ServerResponse) => Promise<void>;

export interface LookupHandlerDeps {
  config: LookupConfig;
  logger: Logger;
  verifier: TokenVerifier;
  odoo: OdooConnection;
  /** For trace ids in logs. */
  project?: string;
}

/**
 * The `lookup` function: method and size checks, token, input, then the Odoo lookup under the
 * request deadline. Every outcome is one JSON response and one log entry (outcome, status,
 * duration, serials; never the token). It never throws: the Functions Framework's crash path
 * would answer 500 with the error text.
 */
export function createLookupHandler(deps: LookupHandlerDeps): LookupHandler {
  const { config, verifier, odoo } = deps;
  return async (req, res) => {
    const started = performance.now();
    const log = deps.logger.child({ ...requestLogContext(req, deps.project) });
    // The deadline runs from arrival: token checks and secret reads count too.
    const deadline = Date.now() + config.deadlineMs;
    let shape: RequestShape | undefined;
    let serials: string[] = [];
    let outcome: string;
    let status: number;
    let failure: unknown;
    try {
      if (req.method !== "POST")
        throw new LookupError("METHOD_NOT_ALLOWED", `method ${req.method}`);
      const size = bodySize(req);
      if (size > MAX_BODY_BYTES) throw new LookupError("BODY_TOO_LARGE", `body of ${size} bytes`);
      const caller = await verifier.verify(req.headers, req.rawHeaders);
      const request = readSerialRequest(req);
      shape = request.shape;
      serials = parseSerialInput(request.input);
      const results = await withDeadline(deadline, req.abortController?.signal, async (call) => {
        const lookup = await odoo.get(call);
        return lookup.lookup(serials, call);
      });
      const first = results.find((result) => result.found);
      outcome = first ? "found" : "not_found";
      status = first
        ? sendFound(res, first, results, config)
        : sendLookupError(res, "NOT_FOUND", { extra: { results } });
      log.info("lookup answered", {
        outcome,
        status,
        durationMs: elapsed(started),
        shape,
        serialCount: serials.length,
        foundCount: results.filter((r) => r.found).length,
        serials,
        caller: caller.email,
      });
      return;
    } catch (error) {
      const { code, detail } = classifyLookupError(error, deadline);
      outcome = code;
      failure = error;
      status = sendLookupError(res, code, detail === undefined ? {} : { detail });
    }
    const fields = {
      outcome,
      status,
      durationMs: elapsed(started),
      shape,
      serialCount: serials.length,
      serials,
      error: failure,
      cause: rootCause(failure),
    };
    if (status >= 500) log.error("lookup failed", fields);
    else log.warn("lookup refused", fields);
  };
}

function sendFound(
  res: ServerResponse,
  first: SerialResult,
  results: SerialResult[],
  config: LookupConfig,
): number {
  sendJson(res, 200, {
    ...toLegacyKeys(first, config.extraFields),
    message: FOUND_MESSAGE,
    results,
  });
  return 200;
}

/**
 * Runs `work` with a signal that aborts at `deadline` (or when the client goes away) and answers
 * DEADLINE_EXCEEDED at the deadline even if some call ignores the signal: the caller gets a clean
 * 504 before Cloud Run cuts the request (https://cloud.google.com/run/docs/configuring/request-timeout).
 */
async function withDeadline<T>(
  deadline: number,
  disconnect: AbortSignal | undefined,
  work: (call: { signal: AbortSignal; deadline: number }) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const signal = disconnect ? AbortSignal.any([controller.signal, disconnect]) : controller.signal;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const error = new LookupError("DEADLINE_EXCEEDED", "request deadline passed");
        controller.abort(error);
        reject(error);
      },
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([work({ signal, deadline }), expired]);
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** The innermost coded error (e.g. the OdooError under serial-lookup's ODOO_FAILED), for logs. */
function rootCause(error: unknown): { code?: unknown; message?: unknown } | undefined {
  let current = error;
  let cause: { code?: unknown; message?: unknown } | undefined;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current !== error)
      cause = { code: (current as { code?: unknown }).code, message: current.message };
    current = current.cause;
  }
  return cause;
}
