/**
 * Stack `bootstrap`: every identity and every grant that confers power, applied by an
 * administrator (never by CI). The runtime accounts of the functions live here so that each
 * deployer can get `actAs` on exactly the accounts its stack deploys as: a grant on a service
 * account needs the account to exist first, and IAM conditions cannot name service accounts.
 *
 * Holds: the runtime accounts (build, token, lookup and trigger per environment) and their
 * project and token-minting grants; one deployer per stack and the planner, with the grants of
 * access/deployers.ts; the custom roles those use; the Workload Identity pool and provider for
 * GitHub Actions, and which GitHub environment may act as which deployer.
 */
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project/index.js";
import { IamWorkloadIdentityPool } from "@cdktf/provider-google/lib/iam-workload-identity-pool/index.js";
import { IamWorkloadIdentityPoolProvider } from "@cdktf/provider-google/lib/iam-workload-identity-pool-provider/index.js";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role/index.js";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member/index.js";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account/index.js";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member/index.js";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member/index.js";
import type { Environment } from "@jsm-odoo/function-runtime";
import { CUSTOM_ROLES, type CustomRoleSpec } from "../access/custom-roles.ts";
import { deployerGrants, type Grant, plannerGrants } from "../access/deployers.ts";
import { type Construct, TerraformOutput, TerraformStack } from "../cdktf.ts";
import type { InfraConfig } from "../config.ts";
import {
  BOOTSTRAP_STACK,
  customRoleId,
  deployerAccountId,
  environmentNames,
  githubEnvironment,
  plannerAccountId,
  SHARED_STACK,
  sharedNames,
} from "../names.ts";
import { OPENID_TOKEN_CREATOR_ROLE } from "../settings.ts";
import { configureStack } from "./base.ts";

/** GitHub's OIDC issuer: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const WORKLOAD_IDENTITY_POOL_ID = "github";
export const WORKLOAD_IDENTITY_USER_ROLE = "roles/iam.workloadIdentityUser";

export class BootstrapStack extends TerraformStack {
  private readonly project: string;
  private readonly accounts = new Map<string, ServiceAccount>();
  private readonly roles = new Map<string, ProjectIamCustomRole>();

  constructor(scope: Construct, config: InfraConfig, environments: readonly Environment[]) {
    super(scope, BOOTSTRAP_STACK);
    configureStack(this, config, BOOTSTRAP_STACK);
    this.project = config.projectId;
    const shared = sharedNames(config);
    const projectNumber = new DataGoogleProject(this, "project", { projectId: this.project })
      .number;

    // Runtime identities.
    const build = this.account(
      shared.buildAccountId,
      "Function builds (token, lookup)",
      "Cloud Build identity for the JSM-Odoo functions; writes logs and images only.",
    );
    const buildMember = `serviceAccount:${build.email}`;
    // Cloud Build runs as the default compute account unless told otherwise (that account may
    // hold Editor): https://cloud.google.com/functions/docs/securing/build-custom-sa
    new ProjectIamMember(this, "build-log-writer", {
      project: this.project,
      role: "roles/logging.logWriter",
      member: buildMember,
    });
    // The platform copies sources into its own `gcf-v2-sources-<number>-<region>` bucket.
    new ProjectIamMember(this, "build-staged-source-reader", {
      project: this.project,
      role: "roles/storage.objectViewer",
      member: buildMember,
      condition: {
        title: "gcf-v2-sources buckets only",
        expression: 'resource.name.startsWith("projects/_/buckets/gcf-v2-sources-")',
      },
    });
    const token = this.account(
      shared.tokenAccountId,
      "Token function runtime",
      "Runs the token function: reads the access password secrets, mints ID tokens for trigger accounts.",
    );
    for (const env of environments) {
      const names = environmentNames(config, env);
      this.account(
        names.lookupAccountId,
        `Lookup function runtime (${env})`,
        `Runs the ${env} lookup function: reads the ${env} Odoo secrets only.`,
      );
      const trigger = this.account(
        names.triggerAccountId,
        `JSM trigger (${env})`,
        `Identity in JSM's tokens for ${env}; may only invoke the ${env} lookup function.`,
      );
      // The token function may mint ID tokens for this trigger account and for nothing else.
      new ServiceAccountIamMember(this, `token-mints-for-${env}`, {
        serviceAccountId: trigger.name,
        role: OPENID_TOKEN_CREATOR_ROLE,
        member: `serviceAccount:${token.email}`,
      });
    }

    // Who deploys: one identity per stack, the planner, and the GitHub subjects that may use them.
    for (const role of CUSTOM_ROLES) this.customRole(config, role);
    const pool = new IamWorkloadIdentityPool(this, "github-pool", {
      project: this.project,
      workloadIdentityPoolId: WORKLOAD_IDENTITY_POOL_ID,
      displayName: "GitHub Actions",
      description: `Workflows of ${config.githubRepository} only.`,
    });
    const provider = new IamWorkloadIdentityPoolProvider(this, "github-provider", {
      project: this.project,
      workloadIdentityPoolId: pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: WORKLOAD_IDENTITY_POOL_ID,
      displayName: "GitHub Actions OIDC",
      attributeMapping: {
        "google.subject": "assertion.sub",
        "attribute.repository": "assertion.repository",
      },
      // Tokens of any other repository are refused before any binding is looked at.
      attributeCondition: `assertion.repository == "${config.githubRepository}"`,
      oidc: { issuerUri: GITHUB_OIDC_ISSUER },
    });
    const subject = (claim: string) =>
      `principal://iam.googleapis.com/${pool.name}/subject/repo:${config.githubRepository}:${claim}`;

    const deployers: Record<string, string> = {};
    for (const stack of [SHARED_STACK, ...environments] as const) {
      const id = deployerAccountId(config, stack);
      const deployer = this.account(
        id,
        `Deployer (${stack})`,
        `Applies the ${stack} stack from GitHub environment ${githubEnvironment(stack)}; nothing else.`,
      );
      deployers[stack] = deployer.email;
      this.grantAll(config, id, deployer, deployerGrants(config, stack, projectNumber));
      // GitHub puts the job's environment in the token's subject; only jobs of that environment
      // (which admits main only, and requires reviewers for production) may act as this deployer.
      new ServiceAccountIamMember(this, `${id}-from-github`, {
        serviceAccountId: deployer.name,
        role: WORKLOAD_IDENTITY_USER_ROLE,
        member: subject(`environment:${githubEnvironment(stack)}`),
      });
    }
    const plannerId = plannerAccountId(config);
    const planner = this.account(
      plannerId,
      "Planner (pull requests, read-only)",
      "Runs terraform plan on pull requests; reads, never writes.",
    );
    this.grantAll(config, plannerId, planner, plannerGrants());
    new ServiceAccountIamMember(this, `${plannerId}-from-github`, {
      serviceAccountId: planner.name,
      role: WORKLOAD_IDENTITY_USER_ROLE,
      member: subject("pull_request"),
    });

    // What the GitHub repository variables must hold (docs/operations.md, "GitHub settings").
    new TerraformOutput(this, "github_variables", {
      value: {
        GCP_WORKLOAD_IDENTITY_PROVIDER: provider.name,
        GCP_PLANNER_SERVICE_ACCOUNT: planner.email,
        ...Object.fromEntries(
          Object.entries(deployers).map(([stack, email]) => [
            `GCP_DEPLOYER_${stack.toUpperCase()}_SERVICE_ACCOUNT`,
            email,
          ]),
        ),
      },
    });
  }

  private account(accountId: string, displayName: string, description: string): ServiceAccount {
    const account = new ServiceAccount(this, accountId, {
      project: this.project,
      accountId,
      displayName,
      description,
    });
    this.accounts.set(accountId, account);
    return account;
  }

  private customRole(config: InfraConfig, spec: CustomRoleSpec): void {
    this.roles.set(
      spec.name,
      new ProjectIamCustomRole(this, `role-${spec.name}`, {
        project: this.project,
        roleId: customRoleId(config, spec.name),
        title: spec.title,
        description: spec.description,
        permissions: [...spec.permissions],
        stage: "GA",
      }),
    );
  }

  /**
   * One IAM binding per grant, keyed `<holder>--<where>--<role>`: stable when grants are added or
   * removed (an index would shift and make Terraform replace unrelated bindings).
   */
  private grantAll(
    config: InfraConfig,
    holderId: string,
    holder: ServiceAccount,
    grants: readonly Grant[],
  ): void {
    const member = `serviceAccount:${holder.email}`;
    for (const grant of grants) {
      const role = typeof grant.role === "string" ? grant.role : this.roleName(grant.role);
      const roleKey =
        typeof grant.role === "string" ? grant.role.replace(/^roles\//, "") : grant.role.name;
      const scope = grant.scope;
      const where = scope.on === "service-account" ? `sa-${scope.accountId}` : scope.on;
      const key = `${holderId}--${where}--${roleKey}`.replace(/[^A-Za-z0-9_-]/g, "-");
      if (scope.on === "project") {
        new ProjectIamMember(this, key, {
          project: this.project,
          role,
          member,
          ...(scope.condition ? { condition: { ...scope.condition } } : {}),
        });
      } else if (scope.on === "state-bucket") {
        new StorageBucketIamMember(this, key, {
          bucket: config.stateBucket,
          role,
          member,
          ...(scope.condition ? { condition: { ...scope.condition } } : {}),
        });
      } else {
        const account = this.accounts.get(scope.accountId);
        if (!account) throw new Error(`no service account ${scope.accountId} in ${this.node.id}`);
        new ServiceAccountIamMember(this, key, {
          serviceAccountId: account.name,
          role,
          member,
        });
      }
    }
  }

  private roleName(spec: CustomRoleSpec): string {
    const role = this.roles.get(spec.name);
    if (!role) throw new Error(`custom role ${spec.name} is not declared in CUSTOM_ROLES`);
    return role.name;
  }
}
