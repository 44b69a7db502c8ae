import type { Environment } from "@jsm-odoo/function-runtime";
import { type Check, type Checklist, checklist, fail, pass, skip } from "../checklist.ts";
import type { ContractValidator } from "./contract.ts";
import { type SmokeExchange, summarize, timedPost } from "./requests.ts";

/** Per request; JSM itself gives a web request about 30 s. */
export const DEFAULT_SMOKE_TIMEOUT_MS = 30_000;

/** operationIds in docs/openapi.yaml. */
export const OPERATIONS = { token: "createToken", lookup: "lookupSerials" } as const;

/** Answers a working lookup gives: found, or not found (reported by the next check). */
const LOOKUP_ANSWERS = [200, 404] as const;

export interface SmokeOptions {
  environment: Environment;
  serial: string;
  tokenUrl: string;
  lookupUrl: string;
  /** The shared access password (secret access_password). */
  password: string;
  contract: ContractValidator;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Does what the JSM rule does, in both contracts: a token request (legacy headers, then JSON),
 * then a lookup of the serial with that token (legacy `fields.serialnumber` body, then
 * `serial_numbers`); checks each response against the published contract, that the serial is
 * found, and that the lookup refuses a request without a token.
 */
export async function runSmoke(options: SmokeOptions): Promise<Checklist> {
  const { environment, serial, contract } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMOKE_TIMEOUT_MS;
  const post = (url: string, headers: Record<string, string>, body?: unknown) =>
    timedPost(
      url,
      { headers, body: body === undefined ? undefined : JSON.stringify(body) },
      timeoutMs,
      options.fetch,
    );
  const checks: Check[] = [];
  /** Passes when the status is one the step needs and the response keeps the contract. */
  const conforms = (
    name: string,
    operationId: (typeof OPERATIONS)[keyof typeof OPERATIONS],
    exchange: SmokeExchange,
    wanted: readonly number[],
  ): boolean => {
    if (!wanted.includes(exchange.status)) {
      checks.push(fail(name, summarize(exchange)));
      return false;
    }
    const problems = contract.check(operationId, exchange);
    checks.push(
      problems.length === 0
        ? pass(name, `HTTP ${exchange.status} in ${exchange.ms} ms, matches the contract`)
        : fail(name, `${summarize(exchange)}; ${problems.slice(0, 3).join("; ")}`),
    );
    return problems.length === 0;
  };
  const attempt = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      checks.push(fail(name, networkProblem(error, timeoutMs)));
    }
  };
  const json = { "Content-Type": "application/json" };

  // The earlier contract: credentials in headers, raw token back, `fields.serialnumber` body.
  await attempt("legacy token request", async () => {
    const token = await post(options.tokenUrl, { password: options.password, environment });
    if (!conforms("legacy token request", OPERATIONS.token, token, [200]) || !token.body.trim()) {
      checks.push(skip("legacy lookup request", "no token"));
      return;
    }
    await attempt("legacy lookup request", async () => {
      const auth = { ...json, Authorization: `Bearer ${token.body.trim()}` };
      const lookup = await post(options.lookupUrl, auth, { fields: { serialnumber: serial } });
      if (conforms("legacy lookup request", OPERATIONS.lookup, lookup, LOOKUP_ANSWERS)) {
        checks.push(found("legacy lookup finds the serial", lookup, serial));
      }
    });
  });

  // Ours: JSON both ways.
  await attempt("JSON token request", async () => {
    const token = await post(options.tokenUrl, json, {
      password: options.password,
      environment,
    });
    const body = token.json as { token?: unknown; environment?: unknown } | undefined;
    if (
      !conforms("JSON token request", OPERATIONS.token, token, [200]) ||
      typeof body?.token !== "string"
    ) {
      checks.push(skip("JSON lookup request", "no token"));
      return;
    }
    checks.push(
      body.environment === environment
        ? pass("token is for the requested environment", environment)
        : fail("token is for the requested environment", `got ${String(body.environment)}`),
    );
    const bearer = body.token;
    await attempt("JSON lookup request", async () => {
      const auth = { ...json, Authorization: `Bearer ${bearer}` };
      const lookup = await post(options.lookupUrl, auth, { serial_numbers: [serial] });
      if (conforms("JSON lookup request", OPERATIONS.lookup, lookup, LOOKUP_ANSWERS)) {
        checks.push(found("JSON lookup finds the serial", lookup, serial));
      }
    });
  });

  await attempt("lookup refuses a request without a token", async () => {
    const anonymous = await post(options.lookupUrl, json, { serial_numbers: [serial] });
    checks.push(
      anonymous.status === 401 || anonymous.status === 403
        ? pass("lookup refuses a request without a token", `HTTP ${anonymous.status}`)
        : fail("lookup refuses a request without a token", summarize(anonymous)),
    );
  });

  return checklist(`smoke ${environment} ${serial}`, checks);
}

/** 200 with the serial among the results (404 means Odoo does not know it). */
function found(name: string, lookup: SmokeExchange, serial: string): Check {
  if (lookup.status !== 200) return fail(name, summarize(lookup));
  const body = lookup.json as
    | { results?: { serial_number?: unknown; found?: unknown }[] }
    | undefined;
  const result = body?.results?.find(
    (r) => String(r.serial_number).toUpperCase() === serial.toUpperCase(),
  );
  if (result && result.found === false) return fail(name, `${serial} is reported as not found`);
  return pass(name, result ? `${serial} found` : `HTTP 200`);
}

function networkProblem(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  // fetch's own TypeError says only "fetch failed": the reason is its cause, a socket error code
  // (ECONNREFUSED, ENOTFOUND) or, for what fetch refuses itself, a message ("bad port").
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const reason = typeof cause?.code === "string" ? cause.code : cause?.message;
  return typeof reason === "string" && reason !== ""
    ? `request failed (${reason})`
    : "request failed";
}
