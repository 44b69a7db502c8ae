/**
 * Runs the fault matrix against a local deployment and reports what happened, one observation
 * per scenario: the status and `error.code` the caller got, whether the body was JSON, how long
 * it took against the time limit, whether the fault was actually hit, whether the same instance
 * answered the next normal request with 200 once the fault was gone, and whether any secret
 * reached the body or the logs. Nothing here decides what is right: the scenarios carry the
 * documented expectation, `judge` compares.
 */
import type { EvidenceRow } from "../evidence.ts";
import { leakedSecrets, type Stack, startStack } from "../stack.ts";
import { type Gate, startGate } from "./gate.ts";
import { type Answer, ask, readShape } from "./probe.ts";
import { type FaultScenario, MATRIX_DEADLINE_MS, type MatrixContext } from "./scenario.ts";
import { FAULT_SCENARIOS } from "./scenarios.ts";

/** What one scenario did, measured. */
export interface FaultObservation {
  scenario: FaultScenario;
  /** The warm-up answer's status, when the scenario warms up first (must be 200). */
  warmUp?: number;
  answer: Answer;
  /** `error.code` when the body has the documented error shape of that function. */
  code: string | null;
  /** True when the body has the function's documented shape (error or success). */
  shaped: boolean;
  /** Calls that met the fault (see Armed.hits). */
  hits: number;
  /** Status of the next normal request to the same instance, once the fault was healed. */
  next: number;
  /** Milliseconds from healing to that 200 when it took several tries; 0: the first one. */
  recoveredMs: number;
  /**
   * Secrets (by position in stack.secrets() plus the scenario's own) found in the faulted
   * answer or in the scenario's log lines; a bearer token seen in either counts as one more.
   */
  leaks: number[];
  /** Unhandled promise rejections in the process while the scenario ran. */
  unhandled: number;
  pass: boolean;
  row: EvidenceRow;
}

export interface FaultMatrixOptions {
  /** Only scenarios whose name includes one of these (default: all). */
  only?: readonly string[];
  /** Use this stack instead of starting one (it is not closed). */
  stack?: Stack;
}

/** Runs every scenario (sequentially: they share the stand-ins) and returns the evidence rows. */
export async function runFaultMatrix(options: FaultMatrixOptions = {}): Promise<EvidenceRow[]> {
  return (await observeFaultMatrix(options)).map((observation) => observation.row);
}

/** As runFaultMatrix, with every measured fact (for tests). */
export async function observeFaultMatrix(
  options: FaultMatrixOptions = {},
): Promise<FaultObservation[]> {
  const scenarios = FAULT_SCENARIOS.filter(
    (scenario) => !options.only || options.only.some((part) => scenario.name.includes(part)),
  );
  // Secrets from env by default; the Secret Manager scenarios switch their own instances over.
  const stack = options.stack ?? (await startStack());
  const gates: Gate[] = [];
  let unhandled = 0;
  const onUnhandled = () => {
    unhandled += 1;
  };
  process.on("unhandledRejection", onUnhandled);
  try {
    const lookup = await stack.startLookup("prod", {
      REQUEST_DEADLINE_MS: String(MATRIX_DEADLINE_MS),
    });
    const context: MatrixContext = {
      stack,
      lookup,
      async gate(target) {
        const gate = await startGate(target);
        gates.push(gate);
        return gate;
      },
    };
    const warm = await ask(stack, "lookup", lookup.url);
    if (warm.status !== 200) throw new Error(`fault matrix: the lookup is not up (${warm.status})`);
    const observations: FaultObservation[] = [];
    for (const scenario of scenarios) {
      observations.push(await runScenario(scenario, context, () => unhandled));
    }
    return observations;
  } finally {
    process.off("unhandledRejection", onUnhandled);
    stack.emulator.faults.clear();
    stack.secretManager.failWith(undefined);
    await Promise.all(gates.map((gate) => gate.close()));
    if (!options.stack) await stack.close();
  }
}

async function runScenario(
  scenario: FaultScenario,
  context: MatrixContext,
  unhandledCount: () => number,
): Promise<FaultObservation> {
  const { stack } = context;
  const armed = await scenario.arm(context);
  const tokens: string[] = [];
  const keep = (answer: Answer) => {
    if (answer.token) tokens.push(answer.token);
    return answer;
  };
  const warmUp = armed.warmUp
    ? keep(await ask(stack, scenario.fn, armed.target.url)).status
    : undefined;
  const firstLog = stack.logs.length;
  const unhandledBefore = unhandledCount();
  let answer: Answer;
  try {
    await armed.breakIt();
    // Given up a second past the limit: the row then says "no answer", and the run goes on.
    const timeoutMs = scenario.expected.withinMs + 1_000;
    answer = keep(await ask(stack, scenario.fn, armed.target.url, timeoutMs));
  } finally {
    await armed.heal();
  }
  const hits = armed.hits(stack.logs.slice(firstLog));
  const { next, recoveredMs } = await recover(stack, scenario, armed.target.url, keep);
  const secrets = [...stack.secrets(), ...armed.secrets, ...tokens];
  // The token function's 200 carries its token by design; no other body carries one.
  const minted = scenario.fn === "token" && answer.status === 200 ? answer.token : undefined;
  const leaks = [
    ...new Set([
      ...leakedSecrets(
        answer.text,
        secrets.filter((secret) => secret !== minted),
      ),
      ...leakedSecrets(stack.logs.slice(firstLog).join("\n"), secrets),
    ]),
  ];
  const { shaped, code } = readShape(scenario.fn, answer);
  const observation = {
    scenario,
    ...(warmUp === undefined ? {} : { warmUp }),
    answer,
    code,
    shaped,
    hits,
    next,
    recoveredMs,
    leaks,
    unhandled: unhandledCount() - unhandledBefore,
  };
  const pass = judge(observation);
  return { ...observation, pass, row: toRow({ ...observation, pass }) };
}

/** Every promise of the issue: documented status and code, JSON, in time, recovers, no leak. */
export function judge(o: Omit<FaultObservation, "pass" | "row">): boolean {
  const { expected } = o.scenario;
  return (
    (o.warmUp === undefined || o.warmUp === 200) &&
    o.answer.status === expected.status &&
    o.code === expected.code &&
    o.shaped &&
    o.answer.contentType.startsWith("application/json") &&
    o.answer.ms <= expected.withinMs &&
    o.answer.ms >= (expected.notBeforeMs ?? 0) &&
    o.hits > 0 &&
    o.next === 200 &&
    o.leaks.length === 0 &&
    o.unhandled === 0
  );
}

function toRow(o: Omit<FaultObservation, "row">): EvidenceRow {
  const { scenario } = o;
  const { expected } = scenario;
  const outcome = expected.code ?? "OK";
  const got = o.code ?? (o.answer.status === 200 ? "OK" : "no code");
  const type = o.answer.contentType.split(";")[0] || "no content type";
  return {
    area: "faults",
    // Names that already say which function they break do not say it twice.
    scenario: `${scenario.name.endsWith(`(${scenario.fn})`) ? scenario.name : `${scenario.name} (${scenario.fn})`}: ${scenario.fault}`,
    expected: `${expected.status} ${outcome}, JSON, within ${expected.withinMs} ms; next request 200; no secret (${scenario.promise})`,
    observed: [
      o.answer.status === 0
        ? `no answer within ${o.answer.ms} ms`
        : `${o.answer.status} ${got} ${type}${o.shaped ? "" : " (not the documented shape)"} in ${o.answer.ms} ms`,
      `fault hit ${o.hits}x`,
      o.recoveredMs > 0 ? `next ${o.next} after ${o.recoveredMs} ms` : `next ${o.next}`,
      `leaks ${o.leaks.length}`,
      `unhandled rejections ${o.unhandled}`,
    ].join("; "),
    pass: o.pass,
  };
}

/** The first 200 from the same instance after healing, trying again while the scenario allows. */
async function recover(
  stack: Stack,
  scenario: FaultScenario,
  url: string,
  keep: (answer: Answer) => Answer,
): Promise<{ next: number; recoveredMs: number }> {
  const started = performance.now();
  for (let tries = 1; ; tries++) {
    const { status } = keep(await ask(stack, scenario.fn, url));
    const elapsed = Math.round(performance.now() - started);
    if (status === 200 || elapsed >= scenario.expected.recoverWithinMs) {
      // 0 when the very first request after healing answered.
      return { next: status, recoveredMs: tries === 1 ? 0 : elapsed };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
