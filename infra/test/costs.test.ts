// What the deployment costs and how that is kept in check: cost labels on everything that takes
// labels, images that expire, sources that expire.
import { afterAll, describe, expect, it } from "vitest";
import { makeArtifacts, synthAll, synthBootstrap, testConfig } from "./helpers/fixtures.ts";
import { allResources, onlyResourceOfType, type TfJson } from "./helpers/tf-json.ts";

const artifacts = makeArtifacts();
afterAll(() => artifacts.remove());
const config = testConfig(artifacts, { INFRA_ALERT_EMAIL: "ops@example.com" });
const stacks: Record<string, TfJson> = { ...synthAll(config), bootstrap: synthBootstrap(config) };

/**
 * Every resource type the stacks use: the attribute that carries its labels, or why it has
 * none. A new type must be added here, so nobody forgets its labels.
 */
const LABELS_OF: Record<string, "labels" | "user_labels" | `none: ${string}`> = {
  google_cloudfunctions2_function: "labels",
  google_storage_bucket: "labels",
  google_artifact_registry_repository: "labels",
  google_secret_manager_secret: "labels",
  google_monitoring_alert_policy: "user_labels",
  google_monitoring_notification_channel: "user_labels",
  google_storage_bucket_object: "none: objects take metadata, not labels (billed with the bucket)",
  google_logging_metric: "none: the API has no resource labels (metric labels are data)",
  google_project_service: "none: not a billable resource",
  google_service_account: "none: not billable, takes no labels",
  google_project_iam_custom_role: "none: takes no labels",
  google_iam_workload_identity_pool: "none: takes no labels",
  google_iam_workload_identity_pool_provider: "none: takes no labels",
  google_project_iam_member: "none: an IAM binding",
  google_service_account_iam_member: "none: an IAM binding",
  google_storage_bucket_iam_member: "none: an IAM binding",
  google_secret_manager_secret_iam_member: "none: an IAM binding",
  google_artifact_registry_repository_iam_member: "none: an IAM binding",
  google_cloud_run_v2_service_iam_member: "none: an IAM binding",
};

const every = Object.entries(stacks).flatMap(([stack, json]) =>
  allResources(json).map((resource) => ({ stack, resource })),
);

describe("cost labels", () => {
  it("every resource type of every stack is classified", () => {
    const types = [...new Set(every.map(({ resource }) => resource.type))].sort();
    expect(types.filter((type) => !(type in LABELS_OF))).toEqual([]);
  });

  it.each(
    every
      .filter(({ resource }) => !LABELS_OF[resource.type]?.startsWith("none"))
      .map(
        ({ stack, resource }) =>
          [`${stack}: ${resource.type}.${resource.key}`, stack, resource] as const,
      ),
  )("%s carries app, component, environment and managed-by", (_name, stack, resource) => {
    const attribute = LABELS_OF[resource.type] as "labels" | "user_labels";
    const labels = resource[attribute] as Record<string, string>;
    expect(Object.keys(labels).sort()).toEqual(["app", "component", "environment", "managed-by"]);
    expect(labels.app).toBe("jsm-odoo");
    expect(labels["managed-by"]).toBe("cdktf");
    expect(stack === "shared" ? ["shared", "prod", "stage"] : [stack]).toContain(
      labels.environment,
    );
  });
});

describe("storage that expires", () => {
  it("images: the 5 newest versions of each stay, older than 30 days go, for real (no dry run)", () => {
    const repository = onlyResourceOfType(
      stacks.shared as TfJson,
      "google_artifact_registry_repository",
    );
    expect(repository.cleanup_policy_dry_run).toBe(false);
    expect(repository.cleanup_policies).toEqual([
      { id: "keep-recent", action: "KEEP", most_recent_versions: { keep_count: 5 } },
      {
        id: "delete-old",
        action: "DELETE",
        condition: { tag_state: "ANY", older_than: "2592000s" },
      },
    ]);
  });

  it("the functions build into that repository, not the uncleaned gcf-artifacts", () => {
    for (const stack of ["shared", "prod", "stage"]) {
      const fn = onlyResourceOfType(stacks[stack] as TfJson, "google_cloudfunctions2_function");
      expect((fn.build_config as Record<string, string>).docker_repository).toMatch(
        /repositories\/jsm-odoo-functions$|google_artifact_registry_repository\.images\.id/,
      );
    }
  });

  it("sources: deleted 90 days after upload", () => {
    const bucket = onlyResourceOfType(stacks.shared as TfJson, "google_storage_bucket");
    expect(bucket.lifecycle_rule).toEqual([{ condition: { age: 90 }, action: { type: "Delete" } }]);
  });
});
