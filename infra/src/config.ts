/**
 * The infrastructure's configuration: parsed once from an injected environment, validated, with
 * one clear message per problem. Every setting and its default is listed in the README.
 */
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ENVIRONMENTS, type Environment } from "@jsm-odoo/function-runtime";
import { LOOKUP_ARTIFACT_DIR } from "@jsm-odoo/lookup-function/deployment";
import type { OdooProtocolSetting } from "@jsm-odoo/odoo-client";
import { TOKEN_ARTIFACT_DIR } from "@jsm-odoo/token-function/deployment";
import {
  checkBucket,
  checkGithubRepository,
  type InfraEnv,
  parseCount,
  parseEmail,
  parseEnvironments,
  parseExtraFields,
  parseOdooProtocol,
  read,
} from "./config-values.ts";
import { InfraError } from "./errors.ts";

export type { InfraEnv } from "./config-values.ts";

export interface InfraConfig {
  /** Google Cloud project id that holds everything. */
  readonly projectId: string;
  /** Region of the functions, secrets' readers, buckets and registry. Default `europe-west1`. */
  readonly region: string;
  /** Environments that get a stack (and a lookup function). Default `prod,stage`. */
  readonly environments: readonly Environment[];
  /** GCS bucket that holds Terraform state (created outside Terraform). Default `<project>-tfstate`. */
  readonly stateBucket: string;
  /** Prefix of every stack's state path: `<statePrefix>/<stack>`. Default `jsm-odoo`. */
  readonly statePrefix: string;
  /** Prefix of function and service-account names. Default `jsm-odoo-`. */
  readonly namePrefix: string;
  /** Bucket that receives the zipped function sources. Default `<project>-function-sources`. */
  readonly sourceBucket: string;
  /** Max instances of each lookup function. Default 5. */
  readonly lookupMaxInstances: number;
  /**
   * The lookup's `ODOO_MAX_CONCURRENT_REQUESTS` (Odoo requests in flight per instance), when
   * configured; the most one environment asks of Odoo at once is this times `lookupMaxInstances`.
   */
  readonly odooMaxConcurrentRequests: number | undefined;
  /** `EXTRA_FIELDS` JSON per environment, when configured. */
  readonly extraFields: Readonly<Partial<Record<Environment, string>>>;
  /**
   * `ODOO_PROTOCOL` per environment, when configured (the lookup defaults to `auto`). `json2`
   * needs Odoo 19+ and an API key in `odoo_<env>_pass`.
   */
  readonly odooProtocol: Readonly<Partial<Record<Environment, OdooProtocolSetting>>>;
  /** `owner/name` of the GitHub repository whose workflows deploy (Workload Identity Federation). */
  readonly githubRepository: string;
  /** Where alerts are e-mailed, when configured (otherwise they only open incidents). */
  readonly alertEmail: string | undefined;
  /** Folders with the deploy artifacts `pnpm build` writes. Default: the packages' `dist/function`. */
  readonly artifacts: { readonly token: string; readonly lookup: string };
  /** Settings that fell back to documented placeholders (only allowed outside strict mode). */
  readonly placeholders: readonly string[];
}

/**
 * Every variable a deployment reads: what an operator sets (shell, or GitHub repository variables
 * in CI), so exactly what deploy.yml passes and docs/operations.md lists (tests hold the three
 * equal). Local-only knobs (artifact folders, `INFRA_STRICT`, `INFRA_TERRAFORM_BIN`) are not
 * deployment settings: a CI run never needs them.
 */
export const DEPLOYMENT_SETTINGS: readonly string[] = [
  "INFRA_PROJECT_ID",
  "INFRA_REGION",
  "INFRA_ENVIRONMENTS",
  "INFRA_STATE_BUCKET",
  "INFRA_STATE_PREFIX",
  "INFRA_NAME_PREFIX",
  "INFRA_SOURCE_BUCKET",
  "INFRA_LOOKUP_MAX_INSTANCES",
  "INFRA_ODOO_MAX_CONCURRENT_REQUESTS",
  "INFRA_EXTRA_FIELDS",
  ...ENVIRONMENTS.map((env) => `INFRA_EXTRA_FIELDS_${env.toUpperCase()}`),
  "INFRA_ODOO_PROTOCOL",
  ...ENVIRONMENTS.map((env) => `INFRA_ODOO_PROTOCOL_${env.toUpperCase()}`),
  "INFRA_ALERT_EMAIL",
  "INFRA_GITHUB_REPOSITORY",
];

/** Offline synth on a fresh clone works with these; `diff`/`deploy` (INFRA_STRICT=1) refuse them. */
export const PLACEHOLDER_PROJECT_ID = "example-project";
export const PLACEHOLDER_GITHUB_REPOSITORY = "example-org/jsm-odoo";
const DEFAULTS = {
  region: "europe-west1",
  statePrefix: "jsm-odoo",
  namePrefix: "jsm-odoo-",
  lookupMaxInstances: 5,
} as const;

// https://cloud.google.com/resource-manager/docs/creating-managing-projects (6-30 chars)
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
// Service-account ids are 6-30 chars: a 2-12 char prefix keeps `<prefix>lookup-stage` inside.
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,10}-$/;
const STATE_PREFIX = /^[a-z0-9][a-z0-9/_-]{0,62}$/;

/** Parses and validates the configuration; throws `InfraError` listing every problem. */
export function parseInfraConfig(env: InfraEnv): InfraConfig {
  const problems: string[] = [];
  const placeholders: string[] = [];
  const strict = env.INFRA_STRICT === "1" || env.INFRA_STRICT === "true";

  const rawProject = read(env, "INFRA_PROJECT_ID");
  let projectId = rawProject ?? PLACEHOLDER_PROJECT_ID;
  if (rawProject === undefined) {
    placeholders.push("INFRA_PROJECT_ID");
    if (strict) problems.push("INFRA_PROJECT_ID is required to plan or deploy (the project id).");
  } else if (!PROJECT_ID.test(rawProject)) {
    problems.push(
      `INFRA_PROJECT_ID "${rawProject}" is not a project id: 6-30 lowercase letters, digits or hyphens, starting with a letter.`,
    );
    projectId = PLACEHOLDER_PROJECT_ID;
  }

  const region = read(env, "INFRA_REGION") ?? DEFAULTS.region;
  if (!REGION.test(region)) {
    problems.push(`INFRA_REGION "${region}" is not a region name like europe-west1.`);
  }

  const environments = parseEnvironments(read(env, "INFRA_ENVIRONMENTS"), problems);

  const rawStateBucket = read(env, "INFRA_STATE_BUCKET");
  const stateBucket = rawStateBucket ?? `${projectId}-tfstate`;
  if (rawStateBucket === undefined && rawProject === undefined)
    placeholders.push("INFRA_STATE_BUCKET");
  checkBucket("INFRA_STATE_BUCKET", stateBucket, problems);

  const statePrefix = read(env, "INFRA_STATE_PREFIX") ?? DEFAULTS.statePrefix;
  if (!STATE_PREFIX.test(statePrefix)) {
    problems.push(
      `INFRA_STATE_PREFIX "${statePrefix}" must be 1-63 lowercase letters, digits, "-", "_" or "/".`,
    );
  }

  const namePrefix = read(env, "INFRA_NAME_PREFIX") ?? DEFAULTS.namePrefix;
  if (!NAME_PREFIX.test(namePrefix)) {
    problems.push(
      `INFRA_NAME_PREFIX "${namePrefix}" must be 2-12 lowercase letters, digits or hyphens, start with a letter and end with "-" (service-account ids are at most 30 characters).`,
    );
  }

  const sourceBucket = read(env, "INFRA_SOURCE_BUCKET") ?? `${projectId}-function-sources`;
  checkBucket("INFRA_SOURCE_BUCKET", sourceBucket, problems);

  const lookupMaxInstances = parseCount(
    env,
    "INFRA_LOOKUP_MAX_INSTANCES",
    DEFAULTS.lookupMaxInstances,
    problems,
  );

  const odooMaxConcurrentRequests =
    read(env, "INFRA_ODOO_MAX_CONCURRENT_REQUESTS") === undefined
      ? undefined
      : parseCount(env, "INFRA_ODOO_MAX_CONCURRENT_REQUESTS", 6, problems, 64);

  const extraFields: Partial<Record<Environment, string>> = {};
  const common = parseExtraFields(env, "INFRA_EXTRA_FIELDS", problems);
  for (const environment of environments) {
    const own = parseExtraFields(env, `INFRA_EXTRA_FIELDS_${environment.toUpperCase()}`, problems);
    const value = own ?? common;
    if (value !== undefined) extraFields[environment] = value;
  }

  const odooProtocol: Partial<Record<Environment, OdooProtocolSetting>> = {};
  const commonProtocol = parseOdooProtocol(env, "INFRA_ODOO_PROTOCOL", problems);
  for (const environment of environments) {
    const own = parseOdooProtocol(
      env,
      `INFRA_ODOO_PROTOCOL_${environment.toUpperCase()}`,
      problems,
    );
    const value = own ?? commonProtocol;
    if (value !== undefined) odooProtocol[environment] = value;
  }

  const githubRepository = read(env, "INFRA_GITHUB_REPOSITORY") ?? PLACEHOLDER_GITHUB_REPOSITORY;
  if (read(env, "INFRA_GITHUB_REPOSITORY") === undefined) {
    placeholders.push("INFRA_GITHUB_REPOSITORY");
    if (strict) {
      problems.push(
        "INFRA_GITHUB_REPOSITORY is required to plan or deploy (owner/name; the workflows set it from github.repository).",
      );
    }
  } else {
    checkGithubRepository(githubRepository, problems);
  }

  const alertEmail = parseEmail(env, "INFRA_ALERT_EMAIL", problems);

  const artifacts = {
    token: artifactDir(
      env,
      "INFRA_TOKEN_ARTIFACT_DIR",
      "@jsm-odoo/token-function",
      TOKEN_ARTIFACT_DIR,
    ),
    lookup: artifactDir(
      env,
      "INFRA_LOOKUP_ARTIFACT_DIR",
      "@jsm-odoo/lookup-function",
      LOOKUP_ARTIFACT_DIR,
    ),
  };

  if (problems.length > 0) {
    throw new InfraError(
      "INFRA_CONFIG_INVALID",
      `Invalid infrastructure configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      { problems },
    );
  }
  return {
    projectId,
    region,
    environments,
    stateBucket,
    statePrefix,
    namePrefix,
    sourceBucket,
    lookupMaxInstances,
    odooMaxConcurrentRequests,
    extraFields,
    odooProtocol,
    githubRepository,
    alertEmail,
    artifacts,
    placeholders,
  };
}

const require = createRequire(import.meta.url);

/** Explicit folder, else `<package>/<artifactDir>` found through the package's own exports. */
function artifactDir(env: InfraEnv, name: string, pkg: string, artifactDir: string): string {
  const explicit = read(env, name);
  if (explicit !== undefined) return isAbsolute(explicit) ? explicit : resolve(explicit);
  // `<pkg>/deployment` resolves to `<pkg root>/src/deployment.ts`.
  const packageRoot = dirname(dirname(require.resolve(`${pkg}/deployment`)));
  return join(packageRoot, artifactDir);
}
