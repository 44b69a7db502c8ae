/**
 * Monitoring as code: the log-based metrics and alert policies of the whole deployment, and the
 * optional e-mail channel they notify. They live in the shared stack, deployed from the reviewed
 * production environment, so no environment's deployer can silence them. What each alert means
 * and what to do is in each policy's documentation (shown in the notification) and in
 * docs/operations.md#alerts.
 */
import { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric/index.js";
import {
  MonitoringAlertPolicy,
  type MonitoringAlertPolicyConditionsConditionThreshold,
} from "@cdktf/provider-google/lib/monitoring-alert-policy/index.js";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel/index.js";
import type { Environment } from "@jsm-odoo/function-runtime";
import { Construct, type ITerraformDependable } from "../cdktf.ts";
import type { InfraConfig } from "../config.ts";
import { deployerAccountId, environmentNames, serviceAccountEmail, sharedNames } from "../names.ts";
import {
  EVENT_ALERT_WINDOW_SECONDS,
  LOOKUP_P95_ALERT_MS,
  LOOKUP_P95_SUSTAINED_SECONDS,
  LOOKUP_P95_WINDOW_SECONDS,
  labels,
  SERVER_ERRORS_ALERT_ABOVE,
  SERVER_ERRORS_WINDOW_SECONDS,
} from "../settings.ts";
import {
  deployerOutOfScopeFilter,
  FAILURE_CEILING_FILTER,
  ODOO_LOGIN_REJECTED_FILTER,
  REQUEST_COUNT_METRIC,
  REQUEST_LATENCIES_METRIC,
  serviceLogs,
  serviceMetric,
} from "./signals.ts";

/** Where each alert's "what to do" lives in the repository's docs. */
export const RUNBOOK = "docs/operations.md#alerts";

export interface AlertingProps {
  readonly config: InfraConfig;
  readonly environments: readonly Environment[];
  /** The Logging and Monitoring APIs must be on before metrics and policies are created. */
  readonly dependsOn: ITerraformDependable[];
}

export class Alerting extends Construct {
  readonly policies: MonitoringAlertPolicy[] = [];
  readonly metrics: LoggingMetric[] = [];
  private readonly channel: MonitoringNotificationChannel | undefined;
  private readonly props: AlertingProps;

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    this.props = props;
    const { config, environments } = props;
    const p = config.namePrefix;
    const token = sharedNames(config).tokenFunction;

    this.channel = config.alertEmail
      ? new MonitoringNotificationChannel(this, "email", {
          project: config.projectId,
          displayName: "JSM-Odoo operators",
          type: "email",
          labels: { email_address: config.alertEmail },
          userLabels: labels("monitoring", "shared"),
          dependsOn: props.dependsOn,
        })
      : undefined;

    this.logEvent({
      key: "failure-ceiling",
      metric: `${p}failure-ceiling`,
      filter: `${serviceLogs(token)} AND ${FAILURE_CEILING_FILTER}`,
      title: "JSM-Odoo: access password failure ceiling reached",
      severity: "ERROR",
      environment: "shared",
      what: "The token function counted as many wrong access passwords as it allows per hour and now refuses every wrong one until failures age out. JSM's requests carrying the right password still succeed.",
      todo: "Check whether the wrong passwords come from a JSM rule that was not updated after a rotation (the token function logs each denial with its environment) or from outside. If the password may have leaked, rotate it (docs/operations.md, rotating the access password).",
    });

    for (const env of environments) {
      const lookup = environmentNames(config, env).lookupFunction;
      this.logEvent({
        key: `odoo-login-rejected-${env}`,
        metric: `${p}odoo-login-rejected-${env}`,
        filter: `${serviceLogs(lookup)} AND ${ODOO_LOGIN_REJECTED_FILTER}`,
        title: `JSM-Odoo: ${env} Odoo rejects the integration user's login`,
        severity: env === "prod" ? "CRITICAL" : "ERROR",
        environment: env,
        what: `The ${env} lookup function asked Odoo and Odoo refused the login or API key in odoo_${env}_pass (error code ODOO_AUTH_REJECTED; JSM gets 502). Usually an API key that expired or was revoked, or a changed password.`,
        todo: `Run \`pnpm ops doctor --env ${env}\`; create a new API key for the integration user and add it as a new version of odoo_${env}_pass (docs/operations.md, rotating the Odoo API key).`,
      });
      this.latency(env, lookup);
    }

    for (const [service, env] of [
      [token, "shared"],
      ...environments.map((env) => [environmentNames(config, env).lookupFunction, env] as const),
    ] as const) {
      this.serverErrors(service, env);
    }

    this.logEvent({
      key: "deployer-out-of-scope",
      metric: `${p}deployer-out-of-scope`,
      filter: deployerOutOfScopeFilter(
        environments.map((env) => {
          const names = environmentNames(config, env);
          return {
            email: serviceAccountEmail(config, deployerAccountId(config, env)),
            markers: [names.lookupFunction, `odoo_${env}_`],
          };
        }),
      ),
      title: "JSM-Odoo: an environment's deployer changed something outside its environment",
      severity: "CRITICAL",
      environment: "shared",
      what: "An Admin Activity audit entry shows an environment deployer (jsm-odoo-deploy-<env>) changing a resource that is not its environment's. Its project-level grants (Cloud Run invoker bindings, functions) cannot be narrowed by IAM, so this alert watches them.",
      todo: "Open the matching audit entry (Logs Explorer, the metric's filter), see which run of deploy.yml made it, and revert the change (e.g. the IAM policy of the other environment's Cloud Run service). Treat it as a security incident until explained.",
    });
  }

  /** A counter of matching log entries, and a policy that fires on any within the window. */
  private logEvent(event: {
    key: string;
    metric: string;
    filter: string;
    title: string;
    severity: "CRITICAL" | "ERROR" | "WARNING";
    environment: string;
    what: string;
    todo: string;
  }): void {
    const { config } = this.props;
    const metric = new LoggingMetric(this, `${event.key}-metric`, {
      project: config.projectId,
      name: event.metric,
      description: event.title,
      filter: event.filter,
      metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1" },
      dependsOn: this.props.dependsOn,
    });
    this.metrics.push(metric);
    // `metric.name` is a reference: the policy waits for its metric. No resource type: audit
    // entries are not Cloud Run revisions.
    this.policy(event.key, event, {
      filter: `metric.type="logging.googleapis.com/user/${metric.name}"`,
      comparison: "COMPARISON_GT",
      thresholdValue: 0,
      duration: "0s",
      aggregations: [
        {
          alignmentPeriod: `${EVENT_ALERT_WINDOW_SECONDS}s`,
          perSeriesAligner: "ALIGN_DELTA",
          crossSeriesReducer: "REDUCE_SUM",
        },
      ],
    });
  }

  private serverErrors(service: string, environment: string): void {
    this.policy(
      `server-errors-${service}`,
      {
        title: `JSM-Odoo: ${service} answers 5xx`,
        severity: "ERROR",
        environment,
        what: `${service} answered more than ${SERVER_ERRORS_ALERT_ABOVE} requests with a 5xx status within ${SERVER_ERRORS_WINDOW_SECONDS / 60} minutes (Cloud Run's request count, so answers of the platform count too).`,
        todo: `Query its error entries (docs/operations.md, "Server errors of any function"): the code in error.code / cause.code says which: ODOO_FAILED or DEADLINE_EXCEEDED (Odoo down or slow), NOT_CONFIGURED (secrets), TOKEN_UNAVAILABLE (IAM Credentials). Then \`pnpm ops doctor\` for the environment.`,
      },
      {
        filter: `${serviceMetric(REQUEST_COUNT_METRIC, service)} AND metric.labels.response_code_class="5xx"`,
        comparison: "COMPARISON_GT",
        thresholdValue: SERVER_ERRORS_ALERT_ABOVE,
        duration: "0s",
        aggregations: [
          {
            alignmentPeriod: `${SERVER_ERRORS_WINDOW_SECONDS}s`,
            perSeriesAligner: "ALIGN_DELTA",
            crossSeriesReducer: "REDUCE_SUM",
          },
        ],
      },
    );
  }

  private latency(env: Environment, lookup: string): void {
    this.policy(
      `latency-${lookup}`,
      {
        title: `JSM-Odoo: ${env} lookups are slow (p95 above ${LOOKUP_P95_ALERT_MS / 1000} s)`,
        severity: "WARNING",
        environment: env,
        what: `The 95th percentile of ${lookup}'s request latency stayed above ${LOOKUP_P95_ALERT_MS} ms for ${LOOKUP_P95_SUSTAINED_SECONDS / 60} minutes. The function answers 504 at 25 s and JSM gives up at about 30 s: rules are close to failing.`,
        todo: `Look at the slow entries (docs/operations.md, "Slow lookups") and at Odoo's load; \`pnpm ops doctor --env ${env}\` times the Odoo calls. INFRA_ODOO_MAX_CONCURRENT_REQUESTS times INFRA_LOOKUP_MAX_INSTANCES bounds what the function asks of Odoo at once.`,
      },
      {
        filter: serviceMetric(REQUEST_LATENCIES_METRIC, lookup),
        comparison: "COMPARISON_GT",
        thresholdValue: LOOKUP_P95_ALERT_MS,
        duration: `${LOOKUP_P95_SUSTAINED_SECONDS}s`,
        aggregations: [
          {
            alignmentPeriod: `${LOOKUP_P95_WINDOW_SECONDS}s`,
            perSeriesAligner: "ALIGN_PERCENTILE_95",
            crossSeriesReducer: "REDUCE_MAX",
          },
        ],
      },
    );
  }

  private policy(
    key: string,
    text: {
      title: string;
      severity: "CRITICAL" | "ERROR" | "WARNING";
      environment: string;
      what: string;
      todo: string;
    },
    condition: MonitoringAlertPolicyConditionsConditionThreshold,
  ): void {
    const { config } = this.props;
    this.policies.push(
      new MonitoringAlertPolicy(this, `${key}-policy`, {
        project: config.projectId,
        displayName: text.title,
        combiner: "OR",
        severity: text.severity,
        conditions: [{ displayName: text.title, conditionThreshold: condition }],
        documentation: {
          mimeType: "text/markdown",
          subject: text.title,
          content: `${text.what}\n\n**What to do:** ${text.todo}\n\nRunbook: ${RUNBOOK} in the repository.`,
        },
        notificationChannels: this.channel ? [this.channel.name] : [],
        userLabels: labels("monitoring", text.environment),
        dependsOn: this.props.dependsOn,
      }),
    );
  }
}
