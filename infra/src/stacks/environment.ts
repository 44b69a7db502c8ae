/**
 * Stack `prod` / `stage`: one environment's private lookup function, its four Odoo secrets and
 * who may read and call what. Its runtime and trigger accounts come from the bootstrap stack and
 * shared resources from the shared stack, both by deterministic names only; it names no other
 * environment at all, so deploying stage never touches prod.
 */
import { CloudRunV2ServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-member/index.js";
import type { Environment } from "@jsm-odoo/function-runtime";
import { LOOKUP_ENV, LOOKUP_TARGET, odooSecretNames } from "@jsm-odoo/lookup-function/deployment";
import { type Construct, TerraformOutput, TerraformStack } from "../cdktf.ts";
import type { InfraConfig } from "../config.ts";
import { FunctionSource } from "../constructs/function-source.ts";
import { NodeFunction } from "../constructs/node-function.ts";
import { ReadableSecret } from "../constructs/readable-secret.ts";
import {
  artifactRepositoryResourceName,
  environmentNames,
  lookupUrl,
  serviceAccountEmail,
  serviceAccountMember,
  serviceAccountResourceName,
  sharedNames,
} from "../names.ts";
import {
  INVOKER_ROLE,
  LOOKUP_MEMORY,
  LOOKUP_REQUEST_DEADLINE_MS,
  LOOKUP_TIMEOUT_SECONDS,
  labels,
  SECRETS_SOURCE,
  TOKEN_VERIFICATION,
} from "../settings.ts";
import { configureStack } from "./base.ts";

export class EnvironmentStack extends TerraformStack {
  readonly environment: Environment;
  readonly lookupFunction: NodeFunction;

  constructor(scope: Construct, config: InfraConfig, environment: Environment) {
    super(scope, environment);
    this.environment = environment;
    configureStack(this, config, environment);
    const project = config.projectId;
    const names = environmentNames(config, environment);
    const shared = sharedNames(config);
    const lookupLabels = labels(LOOKUP_TARGET, environment);

    const lookupAccount = serviceAccountEmail(config, names.lookupAccountId);
    const triggerAccount = serviceAccountEmail(config, names.triggerAccountId);
    const lookupReader = `serviceAccount:${lookupAccount}`;
    const secrets = Object.entries(odooSecretNames(environment)).map(
      ([key, secretId]) =>
        new ReadableSecret(this, `odoo-${key}`, {
          project,
          secretId,
          reader: lookupReader,
          labels: lookupLabels,
        }),
    );

    // Deterministic, so the token stack's audience and this function's check agree without a
    // cross-stack reference; the same address is the function's `url` attribute.
    const audience = lookupUrl(config, environment);
    const env: Record<string, string> = {
      [LOOKUP_ENV.environment]: environment,
      [LOOKUP_ENV.secretsSource]: SECRETS_SOURCE,
      [LOOKUP_ENV.project]: project,
      [LOOKUP_ENV.expectedAudience]: audience,
      [LOOKUP_ENV.triggerAccount]: triggerAccount,
      [LOOKUP_ENV.tokenVerification]: TOKEN_VERIFICATION,
      [LOOKUP_ENV.deadlineMs]: String(LOOKUP_REQUEST_DEADLINE_MS),
    };
    const extraFields = config.extraFields[environment];
    if (extraFields !== undefined) env[LOOKUP_ENV.extraFields] = extraFields;
    // Only when configured: unset, the function keeps its own defaults (auto, 6).
    const odooProtocol = config.odooProtocol[environment];
    if (odooProtocol !== undefined) env[LOOKUP_ENV.odooProtocol] = odooProtocol;
    if (config.odooMaxConcurrentRequests !== undefined) {
      env[LOOKUP_ENV.odooMaxConcurrentRequests] = String(config.odooMaxConcurrentRequests);
    }

    this.lookupFunction = new NodeFunction(this, "lookup", {
      name: names.lookupFunction,
      description: `Answers JSM with what the ${environment} Odoo knows about serial numbers.`,
      project,
      region: config.region,
      entryPoint: LOOKUP_TARGET,
      source: new FunctionSource(this, "lookup-source", {
        artifactDir: config.artifacts.lookup,
        bucket: config.sourceBucket,
        // Per environment: each stack owns its own object, even when both deploy the same build.
        objectPrefix: names.lookupSourcePrefix,
      }),
      runtimeAccountEmail: lookupAccount,
      buildAccount: serviceAccountResourceName(config, shared.buildAccountId),
      dockerRepository: artifactRepositoryResourceName(config),
      environment: env,
      // JSM calls from the internet (no VPC, no fixed egress addresses to allow-list), so the
      // network cannot tell it apart: ALLOW_ALL, and Cloud Run IAM admits only requests with a
      // Google-signed ID token of the trigger account (roles/run.invoker below). The function
      // then checks audience and account again.
      ingress: "ALLOW_ALL",
      maxInstances: config.lookupMaxInstances,
      timeoutSeconds: LOOKUP_TIMEOUT_SECONDS,
      memory: LOOKUP_MEMORY,
      labels: lookupLabels,
      // A new revision may read its secrets as soon as it starts.
      dependsOn: secrets.map((secret) => secret.accessor),
    });

    // Invocation of a 2nd-gen function is authorized on its Cloud Run service; the
    // cloudfunctions2 IAM resources reject roles/run.invoker.
    // https://cloud.google.com/functions/docs/securing/managing-access-iam
    new CloudRunV2ServiceIamMember(this, "trigger-invoker", {
      project,
      location: config.region,
      name: this.lookupFunction.serviceName,
      role: INVOKER_ROLE,
      member: serviceAccountMember(config, names.triggerAccountId),
    });

    new TerraformOutput(this, "lookup_function_url", { value: this.lookupFunction.url });
    new TerraformOutput(this, "lookup_service_account", { value: lookupAccount });
    new TerraformOutput(this, "trigger_service_account", { value: triggerAccount });
  }
}
