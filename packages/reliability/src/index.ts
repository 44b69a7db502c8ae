export type { EvidenceRow } from "./evidence.ts";
export type { Environment, ServedFunction, Stack, StackOptions } from "./stack.ts";
export {
  ACCESS_PASSWORD,
  AUDIENCE,
  leakedSecrets,
  PROJECT,
  startStack,
  TRIGGER,
} from "./stack.ts";
