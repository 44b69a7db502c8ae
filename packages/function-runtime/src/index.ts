export type { Environment } from "./environments.ts";
export { ENVIRONMENTS, isEnvironment, parseEnvironment } from "./environments.ts";
