/**
 * The local stack (`@jsm-odoo/local-stack/testing`): dev and test only, never in a deployed
 * bundle. See the package README.
 */
export type { BuiltArtifacts } from "./artifacts.ts";
export { buildArtifacts } from "./artifacts.ts";
export type { FunctionKind } from "./child-process.ts";
export type { EnvironmentIdentity, FunctionEnv, OdooLogin } from "./function-env.ts";
export type { FunctionProcess, LaunchOptions, LocalFunction } from "./launcher.ts";
export type { LocalStackOptions } from "./options.ts";
export {
  DEMO_EXTRA_FIELDS,
  LOCAL_ACCESS_PASSWORD,
  LOCAL_PROJECT,
  localTriggerAccount,
} from "./options.ts";
export { freePort } from "./ports.ts";
export type { InProcessStack, LocalStack, NamedLaunch, ProcessStack } from "./stack.ts";
export { startLocalStack } from "./stack.ts";
