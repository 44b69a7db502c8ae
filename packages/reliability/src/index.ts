export type { EvidenceRow } from "./evidence.ts";
export type { Gate, GateState } from "./faults/gate.ts";
export { startGate } from "./faults/gate.ts";
export type { FaultMatrixOptions, FaultObservation } from "./faults/matrix.ts";
export { observeFaultMatrix, runFaultMatrix } from "./faults/matrix.ts";
export type { Answer } from "./faults/probe.ts";
export type { Expected, FaultScenario, FunctionName } from "./faults/scenario.ts";
export { MATRIX_DEADLINE_MS } from "./faults/scenario.ts";
export { FAULT_SCENARIOS } from "./faults/scenarios.ts";
export type { FuzzContext, FuzzRequest } from "./fuzz/arbitraries.ts";
export { KNOWN_DEFECT_PATHS, LOOKUP_BODY_LIMIT, TOKEN_BODY_LIMIT } from "./fuzz/arbitraries.ts";
export type { Observed } from "./fuzz/http.ts";
export { lookupRequest, validLookupRequest } from "./fuzz/lookup-requests.ts";
export type { ResponseExpectations } from "./fuzz/properties.ts";
export { describeRequest, logProblems, responseProblems } from "./fuzz/properties.ts";
export type {
  FunctionCounts,
  FunctionFigures,
  FuzzFigures,
  FuzzHarness,
  FuzzHarnessOptions,
  FuzzOptions,
} from "./fuzz/run.ts";
export { runFuzz, startFuzzHarness } from "./fuzz/run.ts";
export { countsAsFailedAttempt, tokenRequest, validTokenRequest } from "./fuzz/token-requests.ts";
export type { CannonFigures, Latency } from "./load/cannon.ts";
export type {
  LoadFigures,
  LookupFigures,
  RunLoadOptions,
  TokenBurstFigures,
  WrongPasswordFigures,
} from "./load/run.ts";
export { runLoad } from "./load/run.ts";
export type { LocalFunctionsOptions } from "./processes.ts";
export { startLocalFunctions } from "./processes.ts";
export type { Stack } from "./stack.ts";
export { leakedSecrets, startStack } from "./stack.ts";
