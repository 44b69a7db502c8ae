/**
 * Who may change what: the grants of each stack's deployer and of the planner, as data. The
 * bootstrap stack turns them into IAM bindings; tests assert them; docs/operations.md explains
 * them. Principle: per resource where the resource exists before the deployer needs it (service
 * accounts, the state bucket), an IAM condition on the resource name where the service supports
 * one (Cloud Storage, Secret Manager), and a narrow role on the project only where neither is
 * possible (each such case says why).
 */
import type { Environment } from "@jsm-odoo/function-runtime";
import { odooSecretNames } from "@jsm-odoo/lookup-function/deployment";
import { ACCESS_PASSWORD_SECRET } from "@jsm-odoo/token-function/deployment";
import type { InfraConfig } from "../config.ts";
import { environmentNames, SHARED_STACK, sharedNames, stateFolder } from "../names.ts";
import {
  ALERTING_ADMIN,
  type CustomRoleSpec,
  IMAGE_REPOSITORY_ADMIN,
  PLANNER,
  RUN_INVOKER_BINDER,
  SECRET_ADMIN,
  SECRET_CREATOR,
  SHARED_RESOURCE_CREATOR,
} from "./custom-roles.ts";

/** An IAM condition: `title` names it in the console, `expression` is CEL. */
export interface Condition {
  readonly title: string;
  readonly expression: string;
}

/** Where a grant is bound. */
export type Scope =
  | { readonly on: "project"; readonly condition?: Condition }
  /** A service account the bootstrap stack creates (by account id). */
  | { readonly on: "service-account"; readonly accountId: string }
  /** The Terraform state bucket (created before everything else). */
  | { readonly on: "state-bucket"; readonly condition?: Condition };

export interface Grant {
  /** A predefined role (`roles/...`) or one of the custom roles. */
  readonly role: string | CustomRoleSpec;
  readonly scope: Scope;
  /** Which resources of the stack need it, for reviewers and docs. */
  readonly why: string;
}

export const SERVICE_ACCOUNT_USER_ROLE = "roles/iam.serviceAccountUser";

/**
 * The project number, as Secret Manager names resources in IAM conditions
 * (`projects/<number>/secrets/<id>`, https://cloud.google.com/secret-manager/docs/access-control).
 * In the bootstrap stack this is a reference to the project's data source.
 */
export type ProjectNumber = string;

export type AccessConfig = Pick<
  InfraConfig,
  "projectId" | "region" | "namePrefix" | "sourceBucket" | "stateBucket" | "statePrefix"
>;

/** The grants of the identity that applies `stack` (`shared` or an environment). */
export function deployerGrants(
  config: AccessConfig,
  stack: typeof SHARED_STACK | Environment,
  projectNumber: ProjectNumber,
): Grant[] {
  const shared = sharedNames(config);
  const common: Grant[] = [
    {
      role: "roles/cloudfunctions.developer",
      scope: { on: "project" },
      why: "google_cloudfunctions2_function. Functions accept no IAM conditions and do not exist before the first apply; deploying one as its runtime account also needs actAs on that account (below), which is what keeps a deployer to its own functions' code.",
    },
    {
      role: RUN_INVOKER_BINDER,
      scope: { on: "project" },
      why: "google_cloud_run_v2_service_iam_member: the invoker binding on the function's Cloud Run service, which exists only after the function is deployed.",
    },
    {
      role: SECRET_CREATOR,
      scope: { on: "project" },
      why: "google_secret_manager_secret: creating is checked on the project.",
    },
    {
      role: SERVICE_ACCOUNT_USER_ROLE,
      scope: { on: "service-account", accountId: shared.buildAccountId },
      why: "build_config.service_account: a function built by the build account needs actAs on it.",
    },
    {
      role: "roles/storage.objectViewer",
      scope: { on: "state-bucket" },
      why: "terraform init lists the state folder; infra:destroy reads the other stacks' state to find dependents.",
    },
    {
      role: "roles/storage.objectUser",
      scope: {
        on: "state-bucket",
        condition: {
          title: `state of ${stack} only`,
          expression: `resource.name.startsWith("projects/_/buckets/${config.stateBucket}/objects/${stateFolder(config, stack)}/")`,
        },
      },
      why: "Writes its own state and lock file, never another stack's.",
    },
  ];

  if (stack === SHARED_STACK) {
    const bucket = `projects/_/buckets/${config.sourceBucket}`;
    return [
      ...common,
      {
        role: "roles/serviceusage.serviceUsageAdmin",
        scope: { on: "project" },
        why: "google_project_service: enabling the APIs is a project-level operation.",
      },
      {
        role: SHARED_RESOURCE_CREATOR,
        scope: { on: "project" },
        why: "google_storage_bucket and google_artifact_registry_repository: creating is checked on the project.",
      },
      {
        role: "roles/storage.admin",
        scope: {
          on: "project",
          condition: {
            title: "source bucket and token sources only",
            expression: `resource.name == "${bucket}" || resource.name.startsWith("${bucket}/objects/${shared.tokenSourcePrefix}/")`,
          },
        },
        why: "The source bucket's settings and its reader grant, and the token function's source objects.",
      },
      {
        role: IMAGE_REPOSITORY_ADMIN,
        scope: { on: "project" },
        why: "The image repository, its cleanup policy and the build account's writer grant (Artifact Registry accepts no resource-name conditions).",
      },
      {
        role: SECRET_ADMIN,
        scope: { on: "project", condition: secretCondition(projectNumber, ACCESS_PASSWORD_SECRET) },
        why: "The access password secrets (shared and per environment) and their accessor grants.",
      },
      {
        role: ALERTING_ADMIN,
        scope: { on: "project" },
        why: "Log-based metrics, alert policies and the notification channel (monitoring as code).",
      },
      {
        role: SERVICE_ACCOUNT_USER_ROLE,
        scope: { on: "service-account", accountId: shared.tokenAccountId },
        why: "service_config.service_account_email of the token function.",
      },
    ];
  }

  const env = environmentNames(config, stack);
  return [
    ...common,
    {
      role: "roles/storage.objectUser",
      scope: {
        on: "project",
        condition: {
          title: `${stack} lookup sources only`,
          expression: `resource.name.startsWith("projects/_/buckets/${config.sourceBucket}/objects/${env.lookupSourcePrefix}/")`,
        },
      },
      why: "Uploads this environment's lookup sources to the shared source bucket.",
    },
    {
      role: SECRET_ADMIN,
      scope: {
        on: "project",
        condition: secretCondition(projectNumber, commonPrefix(odooSecretNames(stack))),
      },
      why: `The odoo_${stack}_* secrets and their accessor grants.`,
    },
    {
      role: SERVICE_ACCOUNT_USER_ROLE,
      scope: { on: "service-account", accountId: env.lookupAccountId },
      why: `service_config.service_account_email of the ${stack} lookup function.`,
    },
  ];
}

/** The planner reads everything the three deployable stacks manage, and changes nothing. */
export function plannerGrants(): Grant[] {
  return [
    {
      role: PLANNER,
      scope: { on: "project" },
      why: "terraform plan refreshes every resource of shared, stage and prod and reads their state.",
    },
  ];
}

function secretCondition(projectNumber: ProjectNumber, prefix: string): Condition {
  return {
    title: `secrets ${prefix}* only`,
    expression: `resource.name.startsWith("projects/${projectNumber}/secrets/${prefix}")`,
  };
}

/** `odoo_prod_` from `odoo_prod_server`, `odoo_prod_db`, ... */
function commonPrefix(names: Record<string, string>): string {
  const [first = "", ...rest] = Object.values(names);
  let prefix = first;
  for (const name of rest) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
