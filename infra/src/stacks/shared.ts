/**
 * Stack `shared`: what every environment uses once. Project services, the source bucket, the
 * image repository, the public token function with its access password secrets, and the
 * monitoring of the whole deployment. Identities (the token and build accounts) come from the
 * bootstrap stack, by their deterministic names. It knows environments only by name: their lookup
 * URLs and trigger accounts are deterministic (see names.ts), never read from their state.
 */
import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository/index.js";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member/index.js";
import { CloudRunV2ServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-member/index.js";
import { ProjectService } from "@cdktf/provider-google/lib/project-service/index.js";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket/index.js";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member/index.js";
import type { Environment } from "@jsm-odoo/function-runtime";
import {
  ACCESS_PASSWORD_SECRET,
  accessPasswordSecret,
  lookupUrlVariable,
  TOKEN_ENV,
  TOKEN_TARGET,
  triggerAccountVariable,
} from "@jsm-odoo/token-function/deployment";
import { type Construct, TerraformOutput, TerraformStack } from "../cdktf.ts";
import type { InfraConfig } from "../config.ts";
import { FunctionSource } from "../constructs/function-source.ts";
import { NodeFunction } from "../constructs/node-function.ts";
import { ReadableSecret } from "../constructs/readable-secret.ts";
import { Alerting } from "../monitoring/alerts.ts";
import {
  environmentNames,
  lookupUrl,
  SHARED_STACK,
  serviceAccountEmail,
  serviceAccountMember,
  serviceAccountResourceName,
  sharedNames,
} from "../names.ts";
import {
  IMAGE_DELETE_AFTER_DAYS,
  IMAGE_KEEP_RECENT_VERSIONS,
  INVOKER_ROLE,
  labels,
  SECRETS_SOURCE,
  TOKEN_MAX_INSTANCES,
  TOKEN_MEMORY,
  TOKEN_MINTER,
  TOKEN_TIMEOUT_SECONDS,
} from "../settings.ts";
import { configureStack } from "./base.ts";

export { SHARED_STACK } from "../names.ts";

/** APIs the functions, their builds, their secrets and their monitoring need. */
export const PROJECT_SERVICES = [
  "artifactregistry.googleapis.com",
  "cloudbuild.googleapis.com",
  "cloudfunctions.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "iam.googleapis.com",
  "iamcredentials.googleapis.com",
  "logging.googleapis.com",
  "monitoring.googleapis.com",
  "run.googleapis.com",
  "secretmanager.googleapis.com",
  "storage.googleapis.com",
] as const;

const DAY_SECONDS = 86_400;

export class SharedStack extends TerraformStack {
  readonly tokenFunction: NodeFunction;

  constructor(scope: Construct, config: InfraConfig) {
    super(scope, SHARED_STACK);
    configureStack(this, config, SHARED_STACK);
    const project = config.projectId;
    const names = sharedNames(config);
    const sharedLabels = labels("shared", SHARED_STACK);

    const services = new Map(
      PROJECT_SERVICES.map((service) => [
        service,
        new ProjectService(this, `service-${service.split(".")[0]}`, {
          project,
          service,
          // Other workloads in the project may use these APIs too: never switch them off.
          disableOnDestroy: false,
        }),
      ]),
    );
    const allServices = [...services.values()];
    const service = (name: (typeof PROJECT_SERVICES)[number]) =>
      services.get(name) as ProjectService;

    const bucket = new StorageBucket(this, "sources", {
      project,
      name: config.sourceBucket,
      location: config.region,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      // Objects are named by content hash, never overwritten: versions would add nothing. Old
      // builds are only needed to roll back; a function keeps running on its built image.
      versioning: { enabled: false },
      lifecycleRule: [{ condition: { age: 90 }, action: { type: "Delete" } }],
      labels: sharedLabels,
      dependsOn: allServices,
    });

    // Function images. Cloud Functions would otherwise push to `gcf-artifacts`, which nothing
    // cleans up; here every deploy's images expire (docs/operations.md, "Costs").
    const repository = new ArtifactRegistryRepository(this, "images", {
      project,
      location: config.region,
      repositoryId: names.artifactRepository,
      format: "DOCKER",
      description: "Images Cloud Build makes of the token and lookup functions.",
      labels: sharedLabels,
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        {
          id: "keep-recent",
          action: "KEEP",
          mostRecentVersions: { keepCount: IMAGE_KEEP_RECENT_VERSIONS },
        },
        {
          id: "delete-old",
          action: "DELETE",
          condition: { tagState: "ANY", olderThan: `${IMAGE_DELETE_AFTER_DAYS * DAY_SECONDS}s` },
        },
      ],
      dependsOn: allServices,
    });

    // The build account (bootstrap stack) reads uploaded sources and pushes images, here only.
    const buildMember = serviceAccountMember(config, names.buildAccountId);
    const buildGrants = [
      new StorageBucketIamMember(this, "build-source-reader", {
        bucket: bucket.name,
        role: "roles/storage.objectViewer",
        member: buildMember,
      }),
      new ArtifactRegistryRepositoryIamMember(this, "build-image-writer", {
        project,
        location: config.region,
        repository: repository.name,
        role: "roles/artifactregistry.writer",
        member: buildMember,
      }),
    ];

    // The shared password, and one per environment read first (the token function falls back to
    // the shared one while a per-environment secret has no version). Only the token account reads
    // them; none has a version from Terraform.
    const tokenLabels = labels(TOKEN_TARGET, SHARED_STACK);
    const tokenReader = serviceAccountMember(config, names.tokenAccountId);
    const secretIds = [
      ACCESS_PASSWORD_SECRET,
      ...config.environments.map((env: Environment) => accessPasswordSecret(env)),
    ];
    const accessPasswords = secretIds.map(
      (secretId) =>
        new ReadableSecret(this, secretId.replaceAll("_", "-"), {
          project,
          secretId,
          reader: tokenReader,
          labels: tokenLabels,
          // A first apply enables the API in the same run: the secret must wait for it.
          dependsOn: [service("secretmanager.googleapis.com")],
        }),
    );

    const environment: Record<string, string> = {
      [TOKEN_ENV.secretsSource]: SECRETS_SOURCE,
      [TOKEN_ENV.project]: project,
      [TOKEN_ENV.environments]: config.environments.join(","),
      [TOKEN_ENV.maxInstances]: String(TOKEN_MAX_INSTANCES),
      [TOKEN_ENV.tokenMinter]: TOKEN_MINTER,
    };
    for (const env of config.environments) {
      environment[lookupUrlVariable(env)] = lookupUrl(config, env);
      environment[triggerAccountVariable(env)] = serviceAccountEmail(
        config,
        environmentNames(config, env).triggerAccountId,
      );
    }

    this.tokenFunction = new NodeFunction(this, "token", {
      name: names.tokenFunction,
      description:
        "Checks the shared access password from JSM and answers with a short-lived token.",
      project,
      region: config.region,
      entryPoint: TOKEN_TARGET,
      source: new FunctionSource(this, "token-source", {
        artifactDir: config.artifacts.token,
        bucket: bucket.name,
        objectPrefix: names.tokenSourcePrefix,
      }),
      runtimeAccountEmail: serviceAccountEmail(config, names.tokenAccountId),
      buildAccount: serviceAccountResourceName(config, names.buildAccountId),
      dockerRepository: repository.id,
      environment,
      // JSM calls it from the internet, and it is the public door by design: the password,
      // the failure budget and the instance cap protect it, not the network.
      ingress: "ALLOW_ALL",
      maxInstances: TOKEN_MAX_INSTANCES,
      timeoutSeconds: TOKEN_TIMEOUT_SECONDS,
      memory: TOKEN_MEMORY,
      labels: tokenLabels,
      dependsOn: [...allServices, ...buildGrants, ...accessPasswords.map((s) => s.accessor)],
    });

    // The one public invoker binding of the project: on the token function's Cloud Run service.
    // An organisation policy may forbid it (Domain Restricted Sharing): docs/operations.md.
    new CloudRunV2ServiceIamMember(this, "token-public-invoker", {
      project,
      location: config.region,
      name: this.tokenFunction.serviceName,
      role: INVOKER_ROLE,
      member: "allUsers",
    });

    new Alerting(this, "alerting", {
      config,
      environments: config.environments,
      dependsOn: [service("logging.googleapis.com"), service("monitoring.googleapis.com")],
    });

    new TerraformOutput(this, "token_function_url", { value: this.tokenFunction.url });
    new TerraformOutput(this, "token_service_account", {
      value: serviceAccountEmail(config, names.tokenAccountId),
    });
    new TerraformOutput(this, "build_service_account", {
      value: serviceAccountEmail(config, names.buildAccountId),
    });
    new TerraformOutput(this, "source_bucket", { value: bucket.name });
  }
}
