export type { EvidenceRow } from "./evidence.ts";
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
