/**
 * The load run: both deploy artifacts under the real Functions Framework, the Odoo emulator
 * answering after `latencyMs`, and autocannon, in four phases (README "Load"): lookups, lookups
 * under a lower Odoo limit, a token burst, wrong passwords. Each expectation is an EvidenceRow.
 */

import type { FunctionProcess, ProcessStack } from "@jsm-odoo/local-stack/testing";
import { LOOKUP_ENV } from "@jsm-odoo/lookup-function/deployment";
import { DEMO } from "@jsm-odoo/odoo-emulator";
import type { EvidenceRow } from "../evidence.ts";
import { startLocalFunctions } from "../processes.ts";
import { type CannonFigures, runCannon } from "./cannon.ts";
import { judgeReferenceLookup, refusalAnswer, sameLookupAnswer, tokenAnswer } from "./checks.ts";
import { cpuMs } from "./cpu.ts";
import { DEPLOYED } from "./deployed.ts";
import { hostileHeaderRows, lookupRows, tokenRows } from "./rows.ts";

/** The lookup function's setting for its odoo-client's `maxConcurrentRequests`. */
const ODOO_LIMIT_VARIABLE = LOOKUP_ENV.odooMaxConcurrentRequests;

export interface RunLoadOptions {
  /** Emulator latency per Odoo request (default 20 ms). */
  latencyMs?: number;
  /** Concurrent lookups (default 200) and lookups in all (default 600). */
  connections?: number;
  requests?: number;
  /** ODOO_MAX_CONCURRENT_REQUESTS of the main lookup instance (default 6, the client's default). */
  odooLimit?: number;
  /** The second instance: a lower limit (default 2), fewer lookups (50 concurrent, 100 in all). */
  lowLimit?: { limit: number; connections: number; requests: number };
  /** Right-password token burst (default 200 concurrent, 1,000 in all). */
  tokenConnections?: number;
  tokenRequests?: number;
  /** Wrong-password burst (default 300, as concurrent as the token burst). */
  wrongPasswordRequests?: number;
  /** Progress lines (the CLI sends them to stderr). */
  progress?: (line: string) => void;
}

export interface LookupFigures extends CannonFigures {
  /** ODOO_MAX_CONCURRENT_REQUESTS of the instance under load. */
  odooLimit: number;
  /** Most Odoo requests in flight at the Odoo server (the emulator's gauge) during the phase. */
  odooInFlightPeak: number;
  /** Odoo requests the phase cost. */
  odooRequests: number;
  /** Peak resident memory of the instance's process (VmHWM) and its deployed memory, MiB. */
  peakRssMiB: number;
  memoryMiB: number;
  /** Log lines at ERROR or above the instance wrote during the phase. */
  errorLogLines: number;
  /** Lines on stderr, and stdout lines that are not one JSON object, during the phase. */
  strayLogLines: number;
  /** CPU time (user + system) the instance spent per answered request, in ms. */
  cpuMsPerRequest: number;
}

export interface TokenBurstFigures extends CannonFigures {
  /** generateIdToken calls the local issuer received during the burst. */
  mintRequests: number;
  /** Lines on stderr, and stdout lines that are not one JSON object, during the burst. */
  strayLogLines: number;
  cpuMsPerRequest: number;
  peakRssMiB: number;
  memoryMiB: number;
}

export interface WrongPasswordFigures extends CannonFigures {
  /** floor(100 / MAX_INSTANCES): wrong passwords answered 401 per hour per instance. */
  budget: number;
  /** Status of a right-password token request after the burst, and its Retry-After. */
  /** The right password from the address that sent the burst. */
  rightPasswordAfter: { status: number; retryAfter: string | null };
  /** The right password from another address (JSM's). */
  rightPasswordElsewhere: number;
  /** Status of a lookup with the token issued before the burst. */
  lookupAfter: number;
  /** Lines on stderr, and stdout lines that are not one JSON object, during the burst. */
  strayLogLines: number;
}

export interface LoadFigures {
  latencyMs: number;
  lookup: LookupFigures;
  lookupLowLimit: LookupFigures;
  tokenBurst: TokenBurstFigures;
  wrongPasswordBurst: WrongPasswordFigures;
  /** Requests with a 15 KB hostile Content-Type, refused before the body is read. */
  hostileHeader: Record<"token" | "lookup", HostileHeaderFigures>;
  pass: boolean;
}

const SERIAL = DEMO.serials.kit;
const LOOKUP_BODY = JSON.stringify({ serial_numbers: [SERIAL] });
const MiB = 2 ** 20;
const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

export async function runLoad(
  options: RunLoadOptions = {},
): Promise<{ rows: EvidenceRow[]; figures: LoadFigures }> {
  const latencyMs = options.latencyMs ?? 20;
  const odooLimit = options.odooLimit ?? 6;
  const low = options.lowLimit ?? { limit: 2, connections: 50, requests: 100 };
  const progress = options.progress ?? (() => {});
  const tokenConnections = options.tokenConnections ?? 200;

  progress("building both artifacts and starting the functions ...");
  const local = await startLocalFunctions({
    latencyMs,
    lookupEnv: { [ODOO_LIMIT_VARIABLE]: String(odooLimit) },
    tokenEnv: { MAX_INSTANCES: String(DEPLOYED.tokenMaxInstances) },
  });
  try {
    const token = await fetchToken(local, local.accessPassword);
    if (token.status !== 200 || !token.token) {
      throw new Error(`the token function answered ${token.status} to the right password`);
    }
    const auth = { authorization: `Bearer ${token.token}`, "content-type": "application/json" };
    const lookupPhase = async (
      instance: FunctionProcess,
      limit: number,
      connections: number,
      requests: number,
    ): Promise<LookupFigures> => {
      // A quiet lookup first: the answer every loaded one must equal, and the one-off start-up
      // calls (authenticate, fields_get) out of the way.
      const quiet = await post(instance.url, auth, LOOKUP_BODY);
      const problem = judgeReferenceLookup(quiet.status, quiet.body, SERIAL);
      if (problem) throw new Error(`the quiet lookup on ${instance.name} is wrong: ${problem}`);
      progress(`${connections} concurrent lookups, ${requests} in all, Odoo limit ${limit} ...`);
      local.emulator.resetPeak();
      const odooBefore = local.emulator.requests();
      const logsBefore = instance.stdout.length;
      const stray = strayLines(instance);
      const cpuBefore = cpuMs(instance.pid);
      const figures = await runCannon({
        url: instance.url,
        connections,
        requests,
        headers: auth,
        body: LOOKUP_BODY,
        check: sameLookupAnswer(quiet.body),
        timeoutSeconds: DEPLOYED.lookupDeadlineMs / 1000 + 5,
      });
      return {
        ...figures,
        odooLimit: limit,
        odooInFlightPeak: local.emulator.inFlight().peak,
        odooRequests: local.emulator.requests() - odooBefore,
        peakRssMiB: mib((instance.peakRssKb() ?? Number.NaN) * 1024),
        memoryMiB: mib(DEPLOYED.lookupMemory.bytes),
        errorLogLines: instance.stdout.slice(logsBefore).filter(isErrorLine).length,
        strayLogLines: stray(),
        cpuMsPerRequest: perRequest(cpuBefore, cpuMs(instance.pid), figures.requests),
      };
    };

    const lookup = await lookupPhase(
      local.lookup("prod"),
      odooLimit,
      options.connections ?? 200,
      options.requests ?? 600,
    );
    const lowInstance = await local.startLookup(
      "prod",
      { [ODOO_LIMIT_VARIABLE]: String(low.limit) },
      { name: `limit-${low.limit}` },
    );
    const lookupLowLimit = await lookupPhase(lowInstance, low.limit, low.connections, low.requests);
    await lowInstance.stop();

    progress(`token burst: ${tokenConnections} concurrent, right password ...`);
    const mintedBefore = local.issuer.mintRequests().length;
    const tokenCpuBefore = cpuMs(local.token.pid);
    const burstStray = strayLines(local.token);
    const burst = await runCannon({
      url: local.token.url,
      connections: tokenConnections,
      requests: options.tokenRequests ?? 1_000,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: local.accessPassword, environment: "prod" }),
      check: tokenAnswer({ token: token.token, environment: "prod" }),
    });
    const tokenBurst: TokenBurstFigures = {
      ...burst,
      mintRequests: local.issuer.mintRequests().length - mintedBefore,
      strayLogLines: burstStray(),
      cpuMsPerRequest: perRequest(tokenCpuBefore, cpuMs(local.token.pid), burst.requests),
      peakRssMiB: mib((local.token.peakRssKb() ?? Number.NaN) * 1024),
      memoryMiB: mib(DEPLOYED.tokenMemory.bytes),
    };

    progress(`wrong-password burst: ${tokenConnections} concurrent ...`);
    const wrongStray = strayLines(local.token);
    const wrong = await runCannon({
      url: local.token.url,
      connections: tokenConnections,
      requests: options.wrongPasswordRequests ?? 300,
      // The address Google's front end would report (the rightmost X-Forwarded-For entry).
      headers: { "content-type": "application/json", "x-forwarded-for": STRANGER },
      body: JSON.stringify({ password: "not-the-password-at-all-0000000000", environment: "prod" }),
      check: refusalAnswer,
    });
    const after = await fetchToken(local, local.accessPassword, STRANGER);
    const elsewhere = await fetchToken(local, local.accessPassword, JSM_ADDRESS);
    const lookupAfter = await post(local.lookup("prod").url, auth, LOOKUP_BODY);
    const wrongPasswordBurst: WrongPasswordFigures = {
      ...wrong,
      budget: Math.floor(100 / DEPLOYED.tokenMaxInstances),
      rightPasswordAfter: { status: after.status, retryAfter: after.retryAfter },
      rightPasswordElsewhere: elsewhere.status,
      lookupAfter: lookupAfter.status,
      strayLogLines: wrongStray(),
    };

    progress("hostile Content-Type: 15 KB of a.a.a… with Content-Encoding: gzip ...");
    const hostileHeader = {
      token: await hostileContentType(local.token),
      lookup: await hostileContentType(local.lookup("prod")),
    };

    const rows = [
      ...lookupRows(lookup, latencyMs),
      ...lookupRows(lookupLowLimit, latencyMs),
      ...tokenRows(tokenBurst, wrongPasswordBurst),
      ...hostileHeaderRows(hostileHeader),
    ];
    const figures: LoadFigures = {
      latencyMs,
      lookup,
      lookupLowLimit,
      tokenBurst,
      wrongPasswordBurst,
      hostileHeader,
      pass: rows.every((row) => row.pass),
    };
    return { rows, figures };
  } finally {
    await local.close();
  }
}

async function post(url: string, headers: Record<string, string>, body: string) {
  const response = await fetch(url, { method: "POST", headers, body });
  return {
    status: response.status,
    body: await response.text(),
    retryAfter: response.headers.get("retry-after"),
  };
}

export interface HostileHeaderFigures extends CannonFigures {
  /** CPU of the function's process per request: what the header costs an instance. */
  cpuMsPerRequest: number;
}

/**
 * 200 requests whose Content-Type is 15 KB of `a.a.a…`, compressed (refused with 415 before the
 * body is read, and logged): a backtracking URL redaction spent ~135 ms of CPU on each.
 */
async function hostileContentType(fn: FunctionProcess): Promise<HostileHeaderFigures> {
  const before = cpuMs(fn.pid);
  const figures = await runCannon({
    url: fn.url,
    connections: 10,
    requests: 200,
    headers: { "content-type": "a.".repeat(7_500), "content-encoding": "gzip" },
    body: "{}",
    check: (status) => (status === 415 ? undefined : `status ${status}, not 415`),
  });
  return { ...figures, cpuMsPerRequest: perRequest(before, cpuMs(fn.pid), figures.requests) };
}

/** Documentation addresses (RFC 5737): the one sending wrong passwords, and JSM's. */
const STRANGER = "203.0.113.7";
const JSM_ADDRESS = "198.51.100.9";

async function fetchToken(local: ProcessStack, password: string, from?: string) {
  const answer = await post(
    local.token.url,
    { "content-type": "application/json", ...(from ? { "x-forwarded-for": from } : {}) },
    JSON.stringify({ password, environment: "prod" }),
  );
  let token: string | undefined;
  try {
    token = (JSON.parse(answer.body) as { token?: string }).token;
  } catch {
    token = undefined;
  }
  return { status: answer.status, token, retryAfter: answer.retryAfter };
}

function perRequest(before: number | undefined, after: number | undefined, requests: number) {
  if (before === undefined || after === undefined || requests === 0) return Number.NaN;
  return Math.round(((after - before) / requests) * 100) / 100;
}

/**
 * Counts, from now on, what a function should never print under load: any stderr line (an
 * unhandled rejection, a crash, Express's own error print) and any stdout line that is not one
 * structured JSON object (something printed past the logger). Call the result when done.
 */
function strayLines(instance: FunctionProcess): () => number {
  const stdoutBefore = instance.stdout.length;
  const stderrBefore = instance.stderr.length;
  return () =>
    instance.stderr.length -
    stderrBefore +
    instance.stdout.slice(stdoutBefore).filter((line) => !isJsonObject(line)).length;
}

function isJsonObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function isErrorLine(line: string): boolean {
  try {
    const severity = (JSON.parse(line) as { severity?: unknown }).severity;
    return severity === "ERROR" || severity === "CRITICAL" || severity === "ALERT";
  } catch {
    return false; // not a structured log line: counted in strayLogLines
  }
}
