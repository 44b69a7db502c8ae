/**
 * Stack `shared`: what every environment uses once. Project services, the source bucket, the
 * image repository and build account of both functions, and the public token function with its
 * runtime account and `access_password` secret. It knows environments only by name: their
 * lookup URLs and trigger accounts are deterministic (see names.ts), never read from their state.
 */
import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository/index.js";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member/index.js";
import { CloudRunV2ServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-member/index.js";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member/index.js";
import { ProjectService } from "@cdktf/provider-google/lib/project-service/index.js";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account/index.js";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket/index.js";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member/index.js";
import {
  ACCESS_PASSWORD_SECRET,
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
import { environmentNames, lookupUrl, serviceAccountEmail, sharedNames } from "../names.ts";
import {
  INVOKER_ROLE,
  labels,
  SECRETS_SOURCE,
  TOKEN_MAX_INSTANCES,
  TOKEN_MEMORY,
  TOKEN_MINTER,
  TOKEN_TIMEOUT_SECONDS,
} from "../settings.ts";
import { configureStack } from "./base.ts";

export const SHARED_STACK = "shared";

/** APIs the functions, their builds and their secrets need. */
export const PROJECT_SERVICES = [
  "artifactregistry.googleapis.com",
  "cloudbuild.googleapis.com",
  "cloudfunctions.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "iam.googleapis.com",
  "iamcredentials.googleapis.com",
  "logging.googleapis.com",
  "run.googleapis.com",
  "secretmanager.googleapis.com",
  "storage.googleapis.com",
] as const;

export class SharedStack extends TerraformStack {
  readonly tokenFunction: NodeFunction;

  constructor(scope: Construct, config: InfraConfig) {
    super(scope, SHARED_STACK);
    configureStack(this, config, SHARED_STACK);
    const project = config.projectId;
    const names = sharedNames(config);
    const sharedLabels = labels("shared", SHARED_STACK);

    const services = PROJECT_SERVICES.map(
      (service) =>
        new ProjectService(this, `service-${service.split(".")[0]}`, {
          project,
          service,
          // Other workloads in the project may use these APIs too: never switch them off.
          disableOnDestroy: false,
        }),
    );

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
      dependsOn: services,
    });

    const repository = new ArtifactRegistryRepository(this, "images", {
      project,
      location: config.region,
      repositoryId: names.artifactRepository,
      format: "DOCKER",
      description: "Images Cloud Build makes of the token and lookup functions.",
      labels: sharedLabels,
      dependsOn: services,
    });

    // Cloud Build runs as the default compute account unless told otherwise (changed July 2024;
    // that account may hold Editor). A dedicated account gets only what a function build needs:
    // https://cloud.google.com/functions/docs/securing/build-custom-sa
    const buildAccount = new ServiceAccount(this, "build-account", {
      project,
      accountId: names.buildAccountId,
      displayName: "Function builds (token, lookup)",
      description: "Cloud Build identity for the JSM-Odoo functions; writes logs and images only.",
      dependsOn: services,
    });
    const buildMember = `serviceAccount:${buildAccount.email}`;
    const buildGrants = [
      new ProjectIamMember(this, "build-log-writer", {
        project,
        role: "roles/logging.logWriter",
        member: buildMember,
      }),
      // The platform copies sources into its own `gcf-v2-sources-<number>-<region>` bucket;
      // the condition keeps the read grant to those buckets.
      new ProjectIamMember(this, "build-staged-source-reader", {
        project,
        role: "roles/storage.objectViewer",
        member: buildMember,
        condition: {
          title: "gcf-v2-sources buckets only",
          expression: 'resource.name.startsWith("projects/_/buckets/gcf-v2-sources-")',
        },
      }),
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

    const tokenAccount = new ServiceAccount(this, "token-account", {
      project,
      accountId: names.tokenAccountId,
      displayName: "Token function runtime",
      description:
        "Runs the token function: reads access_password, mints ID tokens for trigger accounts.",
      dependsOn: services,
    });
    const tokenLabels = labels(TOKEN_TARGET, SHARED_STACK);
    const accessPassword = new ReadableSecret(this, "access-password", {
      project,
      secretId: ACCESS_PASSWORD_SECRET,
      reader: `serviceAccount:${tokenAccount.email}`,
      labels: tokenLabels,
    });

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
        objectPrefix: TOKEN_TARGET,
      }),
      runtimeAccountEmail: tokenAccount.email,
      buildAccount: buildAccount.name,
      dockerRepository: repository.id,
      environment,
      // JSM calls it from the internet, and it is the public door by design: the password,
      // the failure budget and the instance cap protect it, not the network.
      ingress: "ALLOW_ALL",
      maxInstances: TOKEN_MAX_INSTANCES,
      timeoutSeconds: TOKEN_TIMEOUT_SECONDS,
      memory: TOKEN_MEMORY,
      labels: tokenLabels,
      dependsOn: [...services, ...buildGrants, accessPassword.accessor],
    });

    // The one public invoker binding of the project: on the token function's Cloud Run service.
    new CloudRunV2ServiceIamMember(this, "token-public-invoker", {
      project,
      location: config.region,
      name: this.tokenFunction.serviceName,
      role: INVOKER_ROLE,
      member: "allUsers",
    });

    new TerraformOutput(this, "token_function_url", { value: this.tokenFunction.url });
    new TerraformOutput(this, "token_service_account", { value: tokenAccount.email });
    new TerraformOutput(this, "build_service_account", { value: buildAccount.email });
    new TerraformOutput(this, "source_bucket", { value: bucket.name });
  }
}
