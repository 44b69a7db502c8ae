/**
 * A 2nd-gen Cloud Function (Cloud Run functions) on Node 24 with every setting stated: its own
 * runtime account, a dedicated build account, explicit ingress, instance cap, timeout, memory
 * and labels. Nothing falls back to a platform default that could widen access.
 */
import { Cloudfunctions2Function } from "@cdktf/provider-google/lib/cloudfunctions2-function/index.js";
import { Construct, type ITerraformDependable } from "../cdktf.ts";
import type { FunctionSource } from "./function-source.ts";

/** https://cloud.google.com/functions/docs/runtime-support (nodejs24: supported until 2028-04-30) */
export const NODE_RUNTIME = "nodejs24";

/**
 * Runtime variables every function gets. Express (inside the Functions Framework) answers the
 * errors it handles itself with a page holding the stack trace unless NODE_ENV is `production`
 * (finalhandler's `env`, from express/lib/application.js); nothing documents the platform
 * setting it at run time, so it is stated.
 */
export const COMMON_ENVIRONMENT = { NODE_ENV: "production" } as const;

export type Ingress = "ALLOW_ALL" | "ALLOW_INTERNAL_ONLY" | "ALLOW_INTERNAL_AND_GCLB";

export interface NodeFunctionProps {
  readonly name: string;
  readonly description: string;
  readonly project: string;
  readonly region: string;
  /** `functions-framework --target`, from the function's deployment.ts. */
  readonly entryPoint: string;
  readonly source: FunctionSource;
  /** Email of the function's own user-managed runtime account. */
  readonly runtimeAccountEmail: string;
  /** `projects/<p>/serviceAccounts/<email>` of the build account (never the default compute one). */
  readonly buildAccount: string;
  /** `projects/<p>/locations/<r>/repositories/<repo>` that receives the built image. */
  readonly dockerRepository: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly ingress: Ingress;
  readonly maxInstances: number;
  readonly timeoutSeconds: number;
  /** e.g. `256M`. */
  readonly memory: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Requests one instance serves at once. Default 1 (the platform default, stated). */
  readonly concurrency?: number;
  /** Resources that must exist first (APIs, the build account's grants). */
  readonly dependsOn?: ITerraformDependable[];
}

export class NodeFunction extends Construct {
  readonly function: Cloudfunctions2Function;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.function = new Cloudfunctions2Function(this, "function", {
      dependsOn: props.dependsOn,
      name: props.name,
      description: props.description,
      project: props.project,
      location: props.region,
      labels: { ...props.labels },
      buildConfig: {
        runtime: NODE_RUNTIME,
        entryPoint: props.entryPoint,
        serviceAccount: props.buildAccount,
        dockerRepository: props.dockerRepository,
        source: {
          storageSource: { bucket: props.source.bucket, object: props.source.objectName },
        },
      },
      serviceConfig: {
        serviceAccountEmail: props.runtimeAccountEmail,
        ingressSettings: props.ingress,
        minInstanceCount: 0,
        maxInstanceCount: props.maxInstances,
        maxInstanceRequestConcurrency: props.concurrency ?? 1,
        timeoutSeconds: props.timeoutSeconds,
        availableMemory: props.memory,
        allTrafficOnLatestRevision: true,
        environmentVariables: { ...props.environment, ...COMMON_ENVIRONMENT },
      },
    });
  }

  /** Full name of the underlying Cloud Run service: where `roles/run.invoker` is bound. */
  get serviceName(): string {
    return this.function.serviceConfig.service;
  }

  /** The `cloudfunctions.net` URL. */
  get url(): string {
    return this.function.url;
  }
}
