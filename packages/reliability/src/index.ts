export type { EvidenceRow } from "./evidence.ts";
export type { Gate, GateState } from "./faults/gate.ts";
export { startGate } from "./faults/gate.ts";
export type { FaultMatrixOptions, FaultObservation } from "./faults/matrix.ts";
export { observeFaultMatrix, runFaultMatrix } from "./faults/matrix.ts";
export type { Answer } from "./faults/probe.ts";
export type { Expected, FaultScenario, FunctionName } from "./faults/scenario.ts";
export { MATRIX_DEADLINE_MS } from "./faults/scenario.ts";
export { FAULT_SCENARIOS } from "./faults/scenarios.ts";
export type { CannonFigures, Latency } from "./load/cannon.ts";
export type {
  LoadFigures,
  LookupFigures,
  RunLoadOptions,
  TokenBurstFigures,
  WrongPasswordFigures,
} from "./load/run.ts";
export { runLoad } from "./load/run.ts";
export type { Environment, ServedFunction, Stack, StackOptions } from "./stack.ts";
export {
  ACCESS_PASSWORD,
  AUDIENCE,
  leakedSecrets,
  PROJECT,
  startStack,
  TRIGGER,
} from "./stack.ts";
