/**
 * Fixed runtime settings of the two functions. Each number is passed both to the platform and,
 * where the function must know it, to the function's environment, from the same constant.
 */
import type { SecretsSourceKind } from "@jsm-odoo/function-runtime";

/** Functions read secrets through the Secret Manager API, so a new version needs no redeploy. */
export const SECRETS_SOURCE: SecretsSourceKind = "secret-manager";

/** Token function: mint Google-signed ID tokens keylessly through IAM Credentials. */
export const TOKEN_MINTER = "iam";
/**
 * Token function instance cap. The function divides its hourly failed-password budget by this
 * number (ASVS 2.2.1: at most 100 failures per hour for the one shared account), so the same
 * constant sets `max_instance_count` and `MAX_INSTANCES`.
 */
export const TOKEN_MAX_INSTANCES = 2;
/** Token minting is one secret read and one IAM Credentials call. */
export const TOKEN_TIMEOUT_SECONDS = 15;
export const TOKEN_MEMORY = "256M";

/** Lookup function: Cloud Run IAM checked the token's signature before the request arrives. */
export const TOKEN_VERIFICATION = "platform";
/** The lookup answers by this deadline, under JSM's ~30 s web request timeout. */
export const LOOKUP_REQUEST_DEADLINE_MS = 25_000;
/**
 * Above the internal deadline (so the function, not the platform, decides what the caller gets:
 * a timed-out request is a bare 504 while the instance keeps working) and no longer than JSM
 * waits, because nobody reads an answer after that.
 */
export const LOOKUP_TIMEOUT_SECONDS = 30;
export const LOOKUP_MEMORY = "512M";

export const INVOKER_ROLE = "roles/run.invoker";
export const OPENID_TOKEN_CREATOR_ROLE = "roles/iam.serviceAccountOpenIdTokenCreator";

/** Labels on every labelled resource. */
export function labels(component: string, environment: string): Record<string, string> {
  return { app: "jsm-odoo", component, environment, "managed-by": "cdktf" };
}

/**
 * Image repository cleanup (Artifact Registry cleanup policies): each deploy pushes one image per
 * function, and images never expire by themselves. The newest versions of every image are kept
 * whatever their age (the running revision's image is always among them); older ones go after
 * this many days. https://cloud.google.com/artifact-registry/docs/repositories/cleanup-policy
 */
export const IMAGE_KEEP_RECENT_VERSIONS = 5;
export const IMAGE_DELETE_AFTER_DAYS = 30;

/** Alerts on log events (failure ceiling, Odoo login rejected, deployer scope): any in this window. */
export const EVENT_ALERT_WINDOW_SECONDS = 300;
/** Server errors: more than this many 5xx answers of one function within the window alert. */
export const SERVER_ERRORS_ALERT_ABOVE = 2;
export const SERVER_ERRORS_WINDOW_SECONDS = 600;
/**
 * Lookup latency: p95 above this for the sustained period alerts. Well under the function's
 * 25 s deadline and JSM's ~30 s timeout: a tail this long means Odoo is slow before rules fail.
 */
export const LOOKUP_P95_ALERT_MS = 10_000;
export const LOOKUP_P95_WINDOW_SECONDS = 300;
export const LOOKUP_P95_SUSTAINED_SECONDS = 600;
