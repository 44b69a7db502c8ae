import { FAILURE_CEILING_ALERT } from "@jsm-odoo/token-function/deployment";

/**
 * The log lines the alerts count, as Cloud Logging filters, each defined once. A filter names
 * fields the functions write (one JSON object per line, read by Cloud Logging as `jsonPayload`):
 * test/signals.test.ts runs the real lookup function and checks its line matches.
 */

/** Entries of a Cloud Run functions (2nd gen) service: resource type and service name. */
export function serviceLogs(serviceName: string): string {
  return `resource.type="cloud_run_revision" AND resource.labels.service_name="${serviceName}"`;
}

/**
 * The token function's one ERROR line when wrong passwords from many addresses reach its
 * instance-wide ceiling (it never blocks: per-address budgets do). Its `alert` field is named
 * once, in packages/token-function/src/deployment.ts.
 */
export const FAILURE_CEILING_FILTER = `jsonPayload.alert="${FAILURE_CEILING_ALERT}"`;

/**
 * The lookup function's error line (`lookup failed`, answered 502) when Odoo refuses the
 * integration user's login or API key: the Odoo client's code ODOO_AUTH_REJECTED, which the
 * line carries as its root cause (`cause.code`), or as the error's own code when nothing
 * wrapped it. Usually an API key that expired or was revoked.
 */
export const ODOO_AUTH_REJECTED = "ODOO_AUTH_REJECTED";
export const ODOO_LOGIN_REJECTED_FILTER = `jsonPayload.message="lookup failed" AND (jsonPayload.cause.code="${ODOO_AUTH_REJECTED}" OR jsonPayload.error.code="${ODOO_AUTH_REJECTED}")`;

/**
 * Admin Activity audit entries (always on, free) written by one deployer about a resource whose
 * name does not carry its environment's markers: a deployer acting outside its stack. It can
 * only happen through the project-level grants IAM cannot narrow (Cloud Run invoker bindings,
 * function deletion); see access/deployers.ts.
 */
export function deployerOutOfScopeFilter(
  deployers: readonly { readonly email: string; readonly markers: readonly string[] }[],
): string {
  const clauses = deployers.map(({ email, markers }) => {
    const own = markers.map((marker) => `protoPayload.resourceName:"${marker}"`).join(" OR ");
    return `(protoPayload.authenticationInfo.principalEmail="${email}" AND NOT (${own}))`;
  });
  return `logName:"cloudaudit.googleapis.com%2Factivity" AND (${clauses.join(" OR ")})`;
}

/** Cloud Run's own request metrics (no log parsing): answers by status class, and latencies. */
export const REQUEST_COUNT_METRIC = "run.googleapis.com/request_count";
export const REQUEST_LATENCIES_METRIC = "run.googleapis.com/request_latencies";

export function serviceMetric(metricType: string, serviceName: string): string {
  return `metric.type="${metricType}" AND resource.type="cloud_run_revision" AND resource.labels.service_name="${serviceName}"`;
}
