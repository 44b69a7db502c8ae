/**
 * The hostile-input run: generated requests against both deploy artifacts under the Functions
 * Framework (processes.ts), each answer checked by properties.ts, the children's logs too.
 *
 * The token function's failure budget (floor(100 / MAX_INSTANCES) failed password attempts per
 * rolling hour, then 429 for everything) would turn a long run into 429s after the first hundred
 * wrong passwords. So requests that carry a wrong password (countsAsFailedAttempt) go to a second
 * token child, where 429 with Retry-After is the documented answer; every other request goes to
 * the main child (MAX_INSTANCES=1: a budget of 100), where a 429 is a defect: the budget was
 * spent by requests that never sent a wrong password.
 */
import type { Agent } from "node:http";
import { signTestToken } from "@jsm-odoo/local-issuer";
import type { FunctionKind, FunctionProcess, ProcessStack } from "@jsm-odoo/local-stack/testing";
import { createContractValidator } from "@jsm-odoo/lookup-function/contract";
import { DEMO, demoFixture } from "@jsm-odoo/odoo-emulator";
import fc from "fast-check";
import type { EvidenceRow } from "../evidence.ts";
import { startLocalFunctions } from "../processes.ts";
import {
  type FuzzContext,
  type FuzzRequest,
  LOOKUP_BODY_LIMIT,
  TOKEN_BODY_LIMIT,
} from "./arbitraries.ts";
import { type CredentialWatch, createCredentialWatch } from "./credentials.ts";
import { createAgent, type Observed, send } from "./http.ts";
import { lookupRequest } from "./lookup-requests.ts";
import {
  describeRequest,
  logProblems,
  oversizeClosedEarly,
  type ResponseExpectations,
  responseProblems,
} from "./properties.ts";
import { countsAsFailedAttempt, tokenRequest } from "./token-requests.ts";

export const FUNCTIONS: readonly FunctionKind[] = ["token", "lookup"];
const LOG_SETTLE_MS = 15;

export interface FunctionCounts {
  /** Requests sent, shrinking included. */
  cases: number;
  byStatus: Record<string, number>;
  /** Requests per family of input, with their mean and slowest answer in ms. */
  byKind: Record<string, { n: number; meanMs: number; maxMs: number }>;
  /** Requests whose answer broke a property. */
  failures: number;
}

export interface FuzzHarness {
  context: FuzzContext;
  functions: ProcessStack;
  /** The token child that receives wrong passwords (and may answer 429). */
  tokenBudget: FunctionProcess;
  counts: Record<FunctionKind, FunctionCounts>;
  /** Sends one request to the right child; the answer and every property it broke. */
  attempt(
    kind: FunctionKind,
    request: FuzzRequest,
  ): Promise<{ observed: Observed; problems: string[] }>;
  /** The property fast-check runs: throws with the problems of a failing case. */
  property(kind: FunctionKind): fc.IAsyncPropertyWithHooks<[FuzzRequest]>;
  /** Log lines written since the last check that break the log properties (waits for stragglers). */
  sweepLogs(): Promise<string[]>;
  /**
   * True (default): a case fails on the log lines its child wrote since the previous case, which
   * is exact while one case runs at a time. Several streams sharing a child cannot tell whose
   * line it was: set false, and such problems go to `unattributedLogProblems` instead.
   */
  attributeLogs: boolean;
  unattributedLogProblems: string[];
  /** Distinct password and token strings looked for in the children's logs (credentials.ts). */
  watchedCredentials(): number;
  /** A request, readable, with the password and tokens replaced by their names. */
  describe(request: FuzzRequest): string;
  close(): Promise<void>;
}

function emptyCounts(): FunctionCounts {
  return { cases: 0, byStatus: {}, byKind: {}, failures: 0 };
}

export interface FuzzHarnessOptions {
  /**
   * Also generate inputs of known, reported defects (KNOWN_DEFECT_PATHS); default
   * `RELIABILITY_KNOWN_DEFECTS=1`, as for the fault matrix.
   */
  knownDefects?: boolean;
}

export async function startFuzzHarness(options: FuzzHarnessOptions = {}): Promise<FuzzHarness> {
  const functions = await startLocalFunctions();
  let tokenBudget: FunctionProcess;
  try {
    tokenBudget = await functions.startToken({}, { name: "token-wrong-passwords" });
  } catch (error) {
    await functions.close();
    throw error;
  }
  const { issuer } = functions;
  const claims = {
    aud: functions.audience.prod,
    email: functions.triggerAccount.prod,
    email_verified: true,
  };
  const tokens = {
    valid: await functions.signToken("prod"),
    expired: await signTestToken(issuer, claims, { expired: true }),
    wrongAudience: await signTestToken(issuer, { ...claims, aud: "https://elsewhere.test/" }),
    foreignKey: await signTestToken(issuer, claims, { foreignKey: true }),
    algNone: await signTestToken(issuer, claims, { alg: "none" }),
  };
  const lotNames = (demoFixture().records["stock.lot"] ?? []).map((lot) => String(lot.name));
  const context: FuzzContext = {
    accessPassword: functions.accessPassword,
    environment: "prod",
    knownDefects: options.knownDefects ?? process.env.RELIABILITY_KNOWN_DEFECTS === "1",
    knownSerials: Object.values(DEMO.serials).filter((serial) => lotNames.includes(serial)),
    tokens,
  };
  const secrets = functions.secrets();
  const neverLogged = [...secrets, ...Object.values(tokens)];
  const labels = new Map<string, string>([
    [functions.accessPassword, "<ACCESS_PASSWORD>"],
    ...Object.entries(tokens).map(
      ([name, token]) => [token, `<${name} token>`] as [string, string],
    ),
  ]);
  const contract = createContractValidator();
  const knownSerials = new Set(lotNames.map((name) => name.toLowerCase()));
  const counts = { token: emptyCounts(), lookup: emptyCounts() };
  const agents = new Map<FunctionProcess, Agent>();
  const cursors = new Map<FunctionProcess, { stdout: number; stderr: number }>();
  // Every password and bearer token sent to each child, for the whole run (credentials.ts).
  const watches = new Map<FunctionProcess, CredentialWatch>();
  const children = [functions.token, tokenBudget, functions.lookup("prod")];
  for (const child of children) {
    agents.set(child, createAgent());
    cursors.set(child, { stdout: 0, stderr: 0 });
    watches.set(child, createCredentialWatch());
  }

  /**
   * New log lines of `child` since the last look, checked; and all its lines against every
   * credential sent to it so far (a line written late, or after another case's look, is caught
   * whichever case sent the value).
   */
  const freshLogProblems = (child: FunctionProcess): string[] => {
    const cursor = cursors.get(child) ?? { stdout: 0, stderr: 0 };
    const stdout = child.stdout.slice(cursor.stdout);
    const stderr = child.stderr.slice(cursor.stderr);
    cursors.set(child, { stdout: child.stdout.length, stderr: child.stderr.length });
    return [
      ...logProblems({ stdout, stderr }, neverLogged),
      ...(watches.get(child)?.check(child) ?? []),
    ].map((p) => `${child.name}: ${p}`);
  };

  const attempt = async (kind: FunctionKind, request: FuzzRequest) => {
    const toBudget = kind === "token" && countsAsFailedAttempt(request, functions.accessPassword);
    const child =
      kind === "lookup" ? functions.lookup("prod") : toBudget ? tokenBudget : functions.token;
    watches.get(child)?.add(request);
    const observed = await send(child.url, request, agents.get(child) as Agent);
    const expect: ResponseExpectations = {
      contract,
      secrets: neverLogged,
      knownSerials,
      bodyLimit: kind === "token" ? TOKEN_BODY_LIMIT : LOOKUP_BODY_LIMIT,
      forbid429: !toBudget,
    };
    const problems = responseProblems(kind, request, observed, expect);
    if (!child.alive()) problems.push(`${child.name} process is not alive`);
    // A child writes some lines (Express's error print) just after it answered: give them a
    // moment to arrive, so that they are blamed on this case and not the next.
    if (harness.attributeLogs) await new Promise((resolve) => setTimeout(resolve, LOG_SETTLE_MS));
    const logs = freshLogProblems(child);
    if (harness.attributeLogs) problems.push(...logs);
    else harness.unattributedLogProblems.push(...logs);
    const tally = counts[kind];
    tally.cases++;
    const status = !observed.error
      ? String(observed.status)
      : oversizeClosedEarly(request, observed, expect.bodyLimit)
        ? "closed while sending an oversized body"
        : "no answer";
    tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
    const family = tally.byKind[request.kind] ?? { n: 0, meanMs: 0, maxMs: 0 };
    family.meanMs = Math.round((family.meanMs * family.n + observed.ms) / (family.n + 1));
    family.n++;
    family.maxMs = Math.max(family.maxMs, observed.ms);
    tally.byKind[request.kind] = family;
    if (problems.length > 0) tally.failures++;
    return { observed, problems };
  };

  const arbitraries = { token: tokenRequest(context), lookup: lookupRequest(context) };
  const harness: FuzzHarness = {
    attributeLogs: true,
    unattributedLogProblems: [],
    watchedCredentials: () => [...watches.values()].reduce((sum, watch) => sum + watch.size(), 0),
    context,
    functions,
    tokenBudget,
    counts,
    attempt,
    property: (kind) =>
      fc.asyncProperty(arbitraries[kind], async (request) => {
        const { observed, problems } = await attempt(kind, request);
        if (problems.length > 0) {
          throw new Error(
            `${problems.join("; ")} (answer ${observed.status}: ${JSON.stringify(observed.body.slice(0, 200))})`,
          );
        }
      }),
    async sweepLogs() {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return children.flatMap((child) => [
        ...freshLogProblems(child),
        ...(child.alive() ? [] : [`${child.name} process is not alive`]),
      ]);
    },
    describe: (request) => describeRequest(request, labels),
    async close() {
      for (const agent of agents.values()) agent.destroy();
      await tokenBudget.stop();
      await functions.close();
    },
  };
  return harness;
}

export interface FunctionFigures extends FunctionCounts {
  /** Generated cases fast-check ran (the first failing one included), before any shrinking. */
  runs: number;
  shrinks: number;
  counterexample?: string;
  error?: string;
  elapsedMs: number;
  /** Peak resident memory of the child(ren) serving it, KiB. */
  peakRssKb: Record<string, number | undefined>;
}

export interface FuzzFigures {
  seed: number;
  runsPerFunction: number;
  /** Whether inputs of known, reported defects were generated too. */
  knownDefects: boolean;
  elapsedMs: number;
  functions: Record<FunctionKind, FunctionFigures>;
  /**
   * Log lines that broke a log property but could not be pinned on one case (several streams
   * share a child; or the line came after the last case). Re-run with concurrency 1 to shrink.
   */
  lateLogProblems: string[];
  /** Distinct password and token strings every log line was checked against. */
  watchedCredentials: number;
  failures: number;
}

export interface FuzzOptions extends FuzzHarnessOptions {
  /** Generated cases per function (default 10,000). */
  runs?: number;
  seed?: number;
  /** Sequential fast-check streams per function, run side by side (default 4). */
  concurrency?: number;
}

/** Runs both functions' properties side by side (each sequential) and reports what happened. */
export async function runFuzz(
  options: FuzzOptions = {},
): Promise<{ rows: EvidenceRow[]; figures: FuzzFigures }> {
  const runs = options.runs ?? 10_000;
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const concurrency = options.concurrency ?? 4;
  const started = performance.now();
  const harness = await startFuzzHarness(options);
  harness.attributeLogs = concurrency === 1;
  try {
    const results = await Promise.all(
      FUNCTIONS.map(async (kind) => {
        const began = performance.now();
        // A few sequential streams side by side (seeds seed, seed+1, ...): each keeps
        // fast-check's shrinking; together they keep the child busy while this process waits.
        const streams = Math.max(1, Math.min(concurrency, runs));
        const all = await Promise.all(
          Array.from({ length: streams }, (_, i) =>
            fc.check(harness.property(kind), {
              numRuns: Math.ceil((runs * (i + 1)) / streams) - Math.ceil((runs * i) / streams),
              seed: seed + i,
            }),
          ),
        );
        const details = all.find((d) => d.failed) ?? (all[0] as (typeof all)[number]);
        const runsDone = all.reduce((sum, d) => sum + d.numRuns, 0);
        const counterexample = details.counterexample?.[0];
        const figures: FunctionFigures = {
          ...harness.counts[kind],
          runs: runsDone,
          shrinks: details.numShrinks,
          ...(counterexample ? { counterexample: harness.describe(counterexample) } : {}),
          ...(details.failed ? { error: errorText(details.errorInstance) } : {}),
          elapsedMs: Math.round(performance.now() - began),
          peakRssKb:
            kind === "token"
              ? {
                  token: harness.functions.token.peakRssKb(),
                  "token-wrong-passwords": harness.tokenBudget.peakRssKb(),
                }
              : { lookup: harness.functions.lookup("prod").peakRssKb() },
        };
        return [kind, figures] as const;
      }),
    );
    const lateLogProblems = [...harness.unattributedLogProblems, ...(await harness.sweepLogs())];
    const functions = Object.fromEntries(results) as Record<FunctionKind, FunctionFigures>;
    const failures =
      results.reduce((sum, [, f]) => sum + (f.error ? 1 : 0), 0) + lateLogProblems.length;
    const figures: FuzzFigures = {
      seed,
      runsPerFunction: runs,
      knownDefects: harness.context.knownDefects,
      elapsedMs: Math.round(performance.now() - started),
      functions,
      lateLogProblems,
      watchedCredentials: harness.watchedCredentials(),
      failures,
    };
    return { rows: evidenceRows(figures), figures };
  } finally {
    await harness.close();
  }
}

const EXPECTED =
  "never 5xx; status, media type and body as docs/openapi.yaml documents; no HTML, stack trace, file path or secret; valid requests 200; process alive; no secret, token or stack trace in its logs, nothing on stderr";

function evidenceRows(figures: FuzzFigures): EvidenceRow[] {
  const rows = FUNCTIONS.map((kind): EvidenceRow => {
    const f = figures.functions[kind];
    const statuses = Object.entries(f.byStatus)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, n]) => `${status}×${n}`)
      .join(", ");
    return {
      area: "hostile input",
      scenario: `${f.runs} generated requests to the ${kind} function artifact (seed ${figures.seed})`,
      expected: EXPECTED + (kind === "token" ? "; 429 only after wrong passwords" : ""),
      observed: f.error
        ? `failed after ${f.runs} cases (${f.shrinks} shrinks): ${f.error}; counterexample ${f.counterexample}`
        : `${f.cases} requests, ${statuses}; 0 failures`,
      pass: !f.error,
    };
  });
  rows.push({
    area: "hostile input",
    scenario:
      "log lines not pinned on one case (several streams per child, or written late), and every log line against every password and token sent to its child",
    expected: "no secret, token, password a case sent, stack trace or stderr output",
    observed:
      figures.lateLogProblems.length === 0
        ? `none (${figures.watchedCredentials} distinct password and token strings looked for)`
        : figures.lateLogProblems.slice(0, 3).join("; "),
    pass: figures.lateLogProblems.length === 0,
  });
  return rows;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
