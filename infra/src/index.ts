export type { CustomRoleSpec } from "./access/custom-roles.ts";
export { CUSTOM_ROLES } from "./access/custom-roles.ts";
export type { Condition, Grant, Scope } from "./access/deployers.ts";
export { deployerGrants, plannerGrants } from "./access/deployers.ts";
export type { BuildAppOptions, InfraApp } from "./app.ts";
export { buildApp } from "./app.ts";
export type { InfraConfig, InfraEnv } from "./config.ts";
export {
  DEPLOYMENT_SETTINGS,
  PLACEHOLDER_GITHUB_REPOSITORY,
  PLACEHOLDER_PROJECT_ID,
  parseInfraConfig,
} from "./config.ts";
export { hashArtifact } from "./constructs/function-source.ts";
export type { InfraErrorCode } from "./errors.ts";
export { InfraError } from "./errors.ts";
export * as signals from "./monitoring/signals.ts";
export {
  BOOTSTRAP_STACK,
  customRoleId,
  deployerAccountId,
  functionUrl,
  githubEnvironment,
  lookupUrl,
  plannerAccountId,
  SHARED_STACK,
  serviceAccountEmail,
  stateFolder,
} from "./names.ts";
export { BootstrapStack } from "./stacks/bootstrap.ts";
export { EnvironmentStack } from "./stacks/environment.ts";
export { PROJECT_SERVICES, SharedStack } from "./stacks/shared.ts";
export type { SynthResult } from "./synth.ts";
export { placeholderWarning, stackNames, synthesize } from "./synth.ts";
