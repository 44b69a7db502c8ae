/**
 * A Secret Manager secret without any version, readable by exactly one account.
 * Values never pass through Terraform (a `google_secret_manager_secret_version` would store the
 * value in state): operators add versions with `gcloud secrets versions add` (see README).
 */
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret/index.js";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member/index.js";
import { Construct, type ITerraformDependable } from "../cdktf.ts";

export const SECRET_ACCESSOR_ROLE = "roles/secretmanager.secretAccessor";

export interface ReadableSecretProps {
  readonly project: string;
  /** Secret id, from the function's deployment.ts. */
  readonly secretId: string;
  /** IAM member (`serviceAccount:<email>`) of the one account that reads it. */
  readonly reader: string;
  readonly labels: Readonly<Record<string, string>>;
  /** What must exist first (the Secret Manager API, when the same apply enables it). */
  readonly dependsOn?: ITerraformDependable[];
}

export class ReadableSecret extends Construct {
  readonly secret: SecretManagerSecret;
  /** The reader's grant: a function that reads the secret at start should depend on it. */
  readonly accessor: SecretManagerSecretIamMember;

  constructor(scope: Construct, id: string, props: ReadableSecretProps) {
    super(scope, id);
    this.secret = new SecretManagerSecret(this, "secret", {
      project: props.project,
      secretId: props.secretId,
      labels: { ...props.labels },
      replication: { auto: {} },
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    // Per-secret grant: the reader sees this secret and no other.
    this.accessor = new SecretManagerSecretIamMember(this, "accessor", {
      project: props.project,
      secretId: this.secret.secretId,
      role: SECRET_ACCESSOR_ROLE,
      member: props.reader,
    });
  }
}
