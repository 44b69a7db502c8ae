// Monitoring as code: which log lines and metrics alert, at what threshold, and who is told.
import { afterAll, describe, expect, it } from "vitest";
import { signals } from "../src/index.ts";
import { makeArtifacts, synthAll, TEST_PROJECT, testConfig } from "./helpers/fixtures.ts";
import { ref, resourcesOfType, type TfJson } from "./helpers/tf-json.ts";

const artifacts = makeArtifacts();
afterAll(() => artifacts.remove());
const stacks = synthAll(testConfig(artifacts));
const shared = stacks.shared as TfJson;
const METRIC = "google_logging_metric";
const POLICY = "google_monitoring_alert_policy";
const metrics = resourcesOfType(shared, METRIC);
const policies = resourcesOfType(shared, POLICY);

type Threshold = {
  filter: string;
  comparison: string;
  threshold_value: number;
  duration: string;
  aggregations: Record<string, string>[];
};
const thresholdOf = (policy: Record<string, unknown>) =>
  (policy.conditions as { condition_threshold: Threshold }[])[0]?.condition_threshold as Threshold;
const policyNamed = (title: RegExp) => {
  const found = policies.filter((p) => title.test(String(p.display_name)));
  expect(found).toHaveLength(1);
  return found[0] as Record<string, unknown> & { key: string };
};
const metricNamed = (name: string) => metrics.find((m) => m.name === name);

describe("log-based metrics count the lines the functions write", () => {
  it("the shared stack holds 4 log-based metrics and 9 alert policies; the environment stacks none", () => {
    expect(metrics.map((m) => m.name).sort()).toEqual([
      "jsm-odoo-deployer-out-of-scope",
      "jsm-odoo-failure-ceiling",
      "jsm-odoo-odoo-login-rejected-prod",
      "jsm-odoo-odoo-login-rejected-stage",
    ]);
    expect(policies).toHaveLength(9);
    for (const env of ["prod", "stage"]) {
      const json = stacks[env] as TfJson;
      expect([...resourcesOfType(json, METRIC), ...resourcesOfType(json, POLICY)]).toEqual([]);
    }
  });

  it("failure ceiling: the token function's line, by its named filter", () => {
    expect(metricNamed("jsm-odoo-failure-ceiling")?.filter).toBe(
      `resource.type="cloud_run_revision" AND resource.labels.service_name="jsm-odoo-token" AND ${signals.FAILURE_CEILING_FILTER}`,
    );
    expect(signals.FAILURE_CEILING_FILTER).toBe('jsonPayload.alert="token-failure-ceiling"');
  });

  it.each(["prod", "stage"])(
    "Odoo login rejected: the %s lookup's error line with ODOO_AUTH_REJECTED",
    (env) => {
      expect(metricNamed(`jsm-odoo-odoo-login-rejected-${env}`)?.filter).toBe(
        `resource.type="cloud_run_revision" AND resource.labels.service_name="jsm-odoo-lookup-${env}" AND ${signals.ODOO_LOGIN_REJECTED_FILTER}`,
      );
    },
  );

  it("deployer scope: each environment's deployer, outside its own resources, in the Admin Activity log", () => {
    const deployer = (env: string) =>
      `jsm-odoo-deploy-${env}@${TEST_PROJECT}.iam.gserviceaccount.com`;
    expect(metricNamed("jsm-odoo-deployer-out-of-scope")?.filter).toBe(
      'logName:"cloudaudit.googleapis.com%2Factivity" AND (' +
        `(protoPayload.authenticationInfo.principalEmail="${deployer("prod")}" AND NOT (protoPayload.resourceName:"jsm-odoo-lookup-prod" OR protoPayload.resourceName:"odoo_prod_")) OR ` +
        `(protoPayload.authenticationInfo.principalEmail="${deployer("stage")}" AND NOT (protoPayload.resourceName:"jsm-odoo-lookup-stage" OR protoPayload.resourceName:"odoo_stage_")))`,
    );
  });

  it.each(metrics.map((m) => [m.name, m] as const))("%s is a counter", (_name, metric) => {
    expect(metric.metric_descriptor).toEqual({
      metric_kind: "DELTA",
      value_type: "INT64",
      unit: "1",
    });
  });
});

describe("alert policies", () => {
  it.each(metrics.map((m) => [m.name, m] as const))(
    "%s alerts on any matching entry within 5 minutes",
    (_name, metric) => {
      const policy = policies.find((p) =>
        thresholdOf(p).filter.includes(`${METRIC}.${metric.key}.name`),
      );
      expect(policy).toBeDefined();
      expect(thresholdOf(policy as Record<string, unknown>)).toEqual({
        filter: `metric.type="logging.googleapis.com/user/${ref(METRIC, metric.key, "name")}"`,
        comparison: "COMPARISON_GT",
        threshold_value: 0,
        duration: "0s",
        aggregations: [
          {
            alignment_period: "300s",
            per_series_aligner: "ALIGN_DELTA",
            cross_series_reducer: "REDUCE_SUM",
          },
        ],
      });
    },
  );

  it.each(["jsm-odoo-token", "jsm-odoo-lookup-prod", "jsm-odoo-lookup-stage"])(
    "%s: more than 2 answers 5xx within 10 minutes, from Cloud Run's request count",
    (service) => {
      expect(thresholdOf(policyNamed(new RegExp(`${service} answers 5xx`)))).toEqual({
        filter: `metric.type="run.googleapis.com/request_count" AND resource.type="cloud_run_revision" AND resource.labels.service_name="${service}" AND metric.labels.response_code_class="5xx"`,
        comparison: "COMPARISON_GT",
        threshold_value: 2,
        duration: "0s",
        aggregations: [
          {
            alignment_period: "600s",
            per_series_aligner: "ALIGN_DELTA",
            cross_series_reducer: "REDUCE_SUM",
          },
        ],
      });
    },
  );

  it.each(["prod", "stage"])("%s lookup p95 above 10 s for 10 minutes", (env) => {
    expect(thresholdOf(policyNamed(new RegExp(`${env} lookups are slow`)))).toEqual({
      filter: `metric.type="run.googleapis.com/request_latencies" AND resource.type="cloud_run_revision" AND resource.labels.service_name="jsm-odoo-lookup-${env}"`,
      comparison: "COMPARISON_GT",
      threshold_value: 10_000,
      duration: "600s",
      aggregations: [
        {
          alignment_period: "300s",
          per_series_aligner: "ALIGN_PERCENTILE_95",
          cross_series_reducer: "REDUCE_MAX",
        },
      ],
    });
  });

  it.each(policies.map((p) => [p.display_name, p] as const))(
    "%s says what it means and what to do, and points at the runbook",
    (_title, policy) => {
      const doc = policy.documentation as { content: string; mime_type: string };
      expect(doc.mime_type).toBe("text/markdown");
      expect(doc.content).toContain("**What to do:**");
      expect(doc.content).toContain("docs/operations.md#alerts");
      expect(policy.combiner).toBe("OR");
    },
  );

  it("prod's Odoo login alert is critical, stage's an error", () => {
    expect(policyNamed(/prod Odoo rejects/).severity).toBe("CRITICAL");
    expect(policyNamed(/stage Odoo rejects/).severity).toBe("ERROR");
  });
});

describe("notifications", () => {
  it("without INFRA_ALERT_EMAIL there is no channel: alerts open incidents in the console only", () => {
    expect(resourcesOfType(shared, "google_monitoring_notification_channel")).toEqual([]);
    for (const policy of policies) expect(policy.notification_channels).toEqual([]);
  });

  it("with INFRA_ALERT_EMAIL every policy e-mails that one channel", () => {
    const withEmail = synthAll(testConfig(artifacts, { INFRA_ALERT_EMAIL: "ops@example.com" }))
      .shared as TfJson;
    const channels = resourcesOfType(withEmail, "google_monitoring_notification_channel");
    // Read raw: the helper's `type` is the resource type, the channel's own `type` is its kind.
    const raw = withEmail.resource?.google_monitoring_notification_channel ?? {};
    expect(Object.values(raw).map((c) => [c.type, c.labels])).toEqual([
      ["email", { email_address: "ops@example.com" }],
    ]);
    const channel = ref("google_monitoring_notification_channel", channels[0]?.key ?? "", "name");
    for (const policy of resourcesOfType(withEmail, POLICY)) {
      expect(policy.notification_channels).toEqual([channel]);
    }
  });

  it("metrics and policies wait for the Logging and Monitoring APIs", () => {
    const apis = resourcesOfType(shared, "google_project_service")
      .filter(
        (s) => s.service === "logging.googleapis.com" || s.service === "monitoring.googleapis.com",
      )
      .map((s) => `google_project_service.${s.key}`);
    expect(apis).toHaveLength(2);
    for (const resource of [...metrics, ...policies]) expect(resource.depends_on).toEqual(apis);
  });
});
