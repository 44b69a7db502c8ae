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
