/**
 * Project custom roles of the deployers and the planner: where no predefined role is narrow
 * enough, the exact permissions Terraform uses for the stacks' resources (create, read, update,
 * delete, and the IAM policy of what the stack grants on). Verified by synthesis here, not
 * against a live project: if an apply reports `Permission X denied`, X belongs in one of these
 * lists (re-apply `bootstrap` after adding it).
 */

export interface CustomRoleSpec {
  /** Role id suffix; the id is `<name prefix with _><name>` (names.ts, customRoleId). */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly permissions: readonly string[];
}

/**
 * Binds invokers on the functions' Cloud Run services (`google_cloud_run_v2_service_iam_member`).
 * Cloud Run accepts no resource-name IAM conditions and a service exists only once its function
 * is deployed, so this is granted on the project: see "What a deployer can still do" in
 * docs/operations.md, and the deployer-scope alert that watches it.
 */
export const RUN_INVOKER_BINDER: CustomRoleSpec = {
  name: "run_invoker_binder",
  title: "JSM-Odoo: bind invokers on Cloud Run services",
  description:
    "Read and set the IAM policy of Cloud Run services (the functions' invoker bindings).",
  permissions: ["run.services.getIamPolicy", "run.services.setIamPolicy"],
};

/** Creates secrets: checked on the project, before the secret (and its name) exists. */
export const SECRET_CREATOR: CustomRoleSpec = {
  name: "secret_creator",
  title: "JSM-Odoo: create secrets",
  description: "Create Secret Manager secrets (no access to any value).",
  permissions: ["secretmanager.secrets.create"],
};

/** Manages secrets the deployer owns (granted with a secret-name condition); never reads values. */
export const SECRET_ADMIN: CustomRoleSpec = {
  name: "secret_admin",
  title: "JSM-Odoo: manage own secrets",
  description: "Read, update, delete and grant access to secrets; never their versions or values.",
  permissions: [
    "secretmanager.secrets.delete",
    "secretmanager.secrets.get",
    "secretmanager.secrets.getIamPolicy",
    "secretmanager.secrets.setIamPolicy",
    "secretmanager.secrets.update",
  ],
};

/** The two containers of the shared stack, created on the project before they have a name to condition on. */
export const SHARED_RESOURCE_CREATOR: CustomRoleSpec = {
  name: "shared_resource_creator",
  title: "JSM-Odoo: create the source bucket and image repository",
  description: "Create a Cloud Storage bucket and an Artifact Registry repository.",
  permissions: ["artifactregistry.repositories.create", "storage.buckets.create"],
};

/**
 * The image repository: settings, cleanup policy and the build account's writer grant. Artifact
 * Registry accepts no resource-name conditions; only the shared deployer holds it.
 */
export const IMAGE_REPOSITORY_ADMIN: CustomRoleSpec = {
  name: "image_repository_admin",
  title: "JSM-Odoo: manage the function image repository",
  description: "Read, update, delete and grant on Artifact Registry repositories; no image access.",
  permissions: [
    "artifactregistry.repositories.delete",
    "artifactregistry.repositories.get",
    "artifactregistry.repositories.getIamPolicy",
    "artifactregistry.repositories.setIamPolicy",
    "artifactregistry.repositories.update",
  ],
};

/**
 * Log-based metrics, alert policies and the e-mail channel (monitoring as code). Narrower than
 * `roles/logging.configWriter`, which could also reroute or exclude logs.
 */
export const ALERTING_ADMIN: CustomRoleSpec = {
  name: "alerting_admin",
  title: "JSM-Odoo: manage log-based metrics and alerts",
  description: "Create, read, update and delete log-based metrics, alert policies and channels.",
  permissions: [
    "logging.logMetrics.create",
    "logging.logMetrics.delete",
    "logging.logMetrics.get",
    "logging.logMetrics.update",
    "monitoring.alertPolicies.create",
    "monitoring.alertPolicies.delete",
    "monitoring.alertPolicies.get",
    "monitoring.alertPolicies.update",
    "monitoring.notificationChannels.create",
    "monitoring.notificationChannels.delete",
    "monitoring.notificationChannels.get",
    "monitoring.notificationChannels.update",
  ],
};

/**
 * What `terraform plan` reads to refresh every resource of shared, stage and prod, and nothing
 * it could change anything with: no secret values (`versions.access`), no writes, no lock.
 */
export const PLANNER: CustomRoleSpec = {
  name: "planner",
  title: "JSM-Odoo: plan (read-only)",
  description: "Read what the shared and environment stacks manage, and their state; no values.",
  permissions: [
    "artifactregistry.repositories.get",
    "artifactregistry.repositories.getIamPolicy",
    "cloudfunctions.functions.get",
    "logging.logMetrics.get",
    "monitoring.alertPolicies.get",
    "monitoring.notificationChannels.get",
    "run.services.getIamPolicy",
    "secretmanager.secrets.get",
    "secretmanager.secrets.getIamPolicy",
    "serviceusage.services.get",
    "serviceusage.services.list",
    "storage.buckets.get",
    "storage.buckets.getIamPolicy",
    "storage.objects.get",
    "storage.objects.list",
  ],
};

export const CUSTOM_ROLES: readonly CustomRoleSpec[] = [
  RUN_INVOKER_BINDER,
  SECRET_CREATOR,
  SECRET_ADMIN,
  SHARED_RESOURCE_CREATOR,
  IMAGE_REPOSITORY_ADMIN,
  ALERTING_ADMIN,
  PLANNER,
];
