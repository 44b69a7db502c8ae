/**
 * Deterministic names and addresses. Every cross-stack link (a bucket, a service account, a
 * function URL) is computed here from the configuration instead of read from another stack's
 * state, so each stack plans and deploys on its own: deploying stage never reads or touches prod.
 */
import type { Environment } from "@jsm-odoo/function-runtime";
import { LOOKUP_TARGET } from "@jsm-odoo/lookup-function/deployment";
import { TOKEN_TARGET, triggerAccountId } from "@jsm-odoo/token-function/deployment";
import type { InfraConfig } from "./config.ts";

export type NamingConfig = Pick<InfraConfig, "projectId" | "region" | "namePrefix">;

/** `<id>@<project>.iam.gserviceaccount.com`: the email of a user-managed service account. */
export function serviceAccountEmail(config: NamingConfig, accountId: string): string {
  return `${accountId}@${config.projectId}.iam.gserviceaccount.com`;
}

/** `serviceAccount:<email>`, the IAM member form. */
export function serviceAccountMember(config: NamingConfig, accountId: string): string {
  return `serviceAccount:${serviceAccountEmail(config, accountId)}`;
}

/** Names of the shared resources (the `shared` stack creates them; env stacks refer to them). */
export function sharedNames(config: NamingConfig) {
  const p = config.namePrefix;
  return {
    tokenFunction: `${p}token`,
    tokenAccountId: `${p}token`,
    /** Runs the Cloud Build builds of both functions (instead of the default compute account). */
    buildAccountId: `${p}build`,
    artifactRepository: `${p}functions`,
    /** Folder of the token function's zipped sources in the source bucket. */
    tokenSourcePrefix: TOKEN_TARGET,
  } as const;
}

/** Stack names: `bootstrap` (identities, applied by an administrator), `shared`, one per environment. */
export const BOOTSTRAP_STACK = "bootstrap";
export const SHARED_STACK = "shared";

/**
 * Service-account id of the identity that applies a stack (`shared` or an environment): one per
 * stack, holding only what that stack's resources need (see access/deployers.ts).
 */
export function deployerAccountId(config: Pick<NamingConfig, "namePrefix">, stack: string): string {
  return `${config.namePrefix}deploy-${stack}`;
}

/** Service-account id of the read-only identity that plans pull requests. */
export function plannerAccountId(config: Pick<NamingConfig, "namePrefix">): string {
  return `${config.namePrefix}planner`;
}

/**
 * The GitHub environment whose jobs may act as a stack's deployer. `shared` mints prod tokens, so
 * it ships with prod from the reviewed `production` environment; other environments from their own.
 */
export function githubEnvironment(stack: string): string {
  return stack === SHARED_STACK || stack === "prod" ? "production" : stack;
}

/** Id of a project custom role (letters, digits, `_` and `.` only): the name prefix with `_`. */
export function customRoleId(config: Pick<NamingConfig, "namePrefix">, name: string): string {
  return `${config.namePrefix.replaceAll("-", "_")}${name}`;
}

/**
 * Where the GCS backend keeps a stack's state: the backend's `prefix` is a folder, holding
 * `default.tfstate` (and `default.tflock` while a run holds the lock).
 */
export function stateFolder(config: Pick<InfraConfig, "statePrefix">, stack: string): string {
  return `${config.statePrefix}/${stack}`;
}

/** Names of one environment's resources. */
export function environmentNames(config: NamingConfig, environment: Environment) {
  const p = config.namePrefix;
  return {
    lookupFunction: `${p}lookup-${environment}`,
    lookupAccountId: `${p}lookup-${environment}`,
    triggerAccountId: triggerAccountId(environment),
    /** Folder of this environment's zipped lookup sources: each stack owns its own objects. */
    lookupSourcePrefix: `${LOOKUP_TARGET}-${environment}`,
  } as const;
}

/**
 * The lookup function's `cloudfunctions.net` URL: where JSM sends requests and the audience of
 * the environment's tokens (both must be the same URL). It is fixed by region, project and
 * function name, so the token function learns it without a cross-stack reference.
 * https://cloud.google.com/functions/docs/calling/http#url
 */
export function lookupUrl(config: NamingConfig, environment: Environment): string {
  return functionUrl(config, environmentNames(config, environment).lookupFunction);
}

export function functionUrl(config: NamingConfig, functionName: string): string {
  return `https://${config.region}-${config.projectId}.cloudfunctions.net/${functionName}`;
}

/** `projects/<project>/serviceAccounts/<email>`: the form `build_config.service_account` takes. */
export function serviceAccountResourceName(config: NamingConfig, accountId: string): string {
  return `projects/${config.projectId}/serviceAccounts/${serviceAccountEmail(config, accountId)}`;
}

/** `projects/<p>/locations/<r>/repositories/<repo>`: the form `build_config.docker_repository` takes. */
export function artifactRepositoryResourceName(config: NamingConfig): string {
  const { artifactRepository } = sharedNames(config);
  return `projects/${config.projectId}/locations/${config.region}/repositories/${artifactRepository}`;
}
