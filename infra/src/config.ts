/**
 * The infrastructure's configuration: parsed once from an injected environment, validated, with
 * one clear message per problem. Every setting and its default is listed in the README.
 */
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import {
  ENVIRONMENTS,
  type Environment,
  problemsMessage,
  readSettings,
  type Settings,
} from "@jsm-odoo/function-runtime";
import {
  LOOKUP_ARTIFACT_DIR,
  ODOO_MAX_CONCURRENT_REQUESTS_RULE,
} from "@jsm-odoo/lookup-function/deployment";
import { ODOO_PROTOCOL_SETTINGS, type OdooProtocolSetting } from "@jsm-odoo/odoo-client";
import { TOKEN_ARTIFACT_DIR } from "@jsm-odoo/token-function/deployment";
import {
  ALERT_EMAIL_RULE,
  BUCKET_RULE,
  GITHUB_REPOSITORY_RULE,
  type InfraEnv,
  LOOKUP_MAX_INSTANCES_RULE,
  NAME_PREFIX_RULE,
  PROJECT_ID_RULE,
  REGION_RULE,
  readExtraFields,
  STATE_PREFIX_RULE,
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
} as const;

/** Parses and validates the configuration; throws `InfraError` listing every problem. */
export function parseInfraConfig(env: InfraEnv): InfraConfig {
  const settings = readSettings(env);
  const placeholders: string[] = [];
  const strict = ["1", "true"].includes(settings.raw("INFRA_STRICT") ?? "");
  const requiredToDeploy = (why: string) => (strict ? { required: `required to ${why}` } : {});

  const rawProject = settings.raw("INFRA_PROJECT_ID");
  if (rawProject === undefined) placeholders.push("INFRA_PROJECT_ID");
  const projectId =
    settings.matching("INFRA_PROJECT_ID", {
      ...PROJECT_ID_RULE,
      ...requiredToDeploy("plan or deploy (the project id)"),
    }) ?? PLACEHOLDER_PROJECT_ID;

  const region = settings.matching("INFRA_REGION", { ...REGION_RULE, default: DEFAULTS.region });
  const environments =
    settings.listOf("INFRA_ENVIRONMENTS", ENVIRONMENTS, { default: ENVIRONMENTS }) ?? [];

  if (settings.raw("INFRA_STATE_BUCKET") === undefined && rawProject === undefined)
    placeholders.push("INFRA_STATE_BUCKET");
  const stateBucket = settings.matching("INFRA_STATE_BUCKET", {
    ...BUCKET_RULE,
    default: `${projectId}-tfstate`,
  });
  const statePrefix = settings.matching("INFRA_STATE_PREFIX", {
    ...STATE_PREFIX_RULE,
    default: DEFAULTS.statePrefix,
  });
  const namePrefix = settings.matching("INFRA_NAME_PREFIX", {
    ...NAME_PREFIX_RULE,
    default: DEFAULTS.namePrefix,
  });
  const sourceBucket = settings.matching("INFRA_SOURCE_BUCKET", {
    ...BUCKET_RULE,
    default: `${projectId}-function-sources`,
  });

  const lookupMaxInstances = settings.integer(
    "INFRA_LOOKUP_MAX_INSTANCES",
    LOOKUP_MAX_INSTANCES_RULE,
  );
  const odooMaxConcurrentRequests =
    settings.raw("INFRA_ODOO_MAX_CONCURRENT_REQUESTS") === undefined
      ? undefined
      : settings.integer("INFRA_ODOO_MAX_CONCURRENT_REQUESTS", ODOO_MAX_CONCURRENT_REQUESTS_RULE);

  // Per environment: the environment's own setting wins over the common one.
  const extraFields: Partial<Record<Environment, string>> = {};
  const commonExtraFields = readExtraFields(settings, "INFRA_EXTRA_FIELDS");
  const odooProtocol: Partial<Record<Environment, OdooProtocolSetting>> = {};
  // Unset, the lookup function uses its own default (`auto`).
  const readProtocol = (name: string) =>
    settings.raw(name) === undefined ? undefined : settings.oneOf(name, ODOO_PROTOCOL_SETTINGS);
  const commonProtocol = readProtocol("INFRA_ODOO_PROTOCOL");
  for (const environment of environments) {
    const suffix = environment.toUpperCase();
    const fields = readExtraFields(settings, `INFRA_EXTRA_FIELDS_${suffix}`) ?? commonExtraFields;
    if (fields !== undefined) extraFields[environment] = fields;
    const protocol = readProtocol(`INFRA_ODOO_PROTOCOL_${suffix}`) ?? commonProtocol;
    if (protocol !== undefined) odooProtocol[environment] = protocol;
  }

  if (settings.raw("INFRA_GITHUB_REPOSITORY") === undefined)
    placeholders.push("INFRA_GITHUB_REPOSITORY");
  const githubRepository =
    settings.matching("INFRA_GITHUB_REPOSITORY", {
      ...GITHUB_REPOSITORY_RULE,
      ...requiredToDeploy(
        "plan or deploy (owner/name; the workflows set it from github.repository)",
      ),
    }) ?? PLACEHOLDER_GITHUB_REPOSITORY;

  const alertEmail = settings.matching("INFRA_ALERT_EMAIL", ALERT_EMAIL_RULE);

  const artifacts = {
    token: artifactDir(
      settings,
      "INFRA_TOKEN_ARTIFACT_DIR",
      "@jsm-odoo/token-function",
      TOKEN_ARTIFACT_DIR,
    ),
    lookup: artifactDir(
      settings,
      "INFRA_LOOKUP_ARTIFACT_DIR",
      "@jsm-odoo/lookup-function",
      LOOKUP_ARTIFACT_DIR,
    ),
  };

  const problems = settings.problems();
  if (
    problems.length > 0 ||
    !region ||
    !stateBucket ||
    !statePrefix ||
    !namePrefix ||
    !sourceBucket ||
    lookupMaxInstances === undefined
  ) {
    throw new InfraError(
      "INFRA_CONFIG_INVALID",
      problemsMessage("invalid infrastructure configuration", problems),
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
function artifactDir(settings: Settings, name: string, pkg: string, artifactDir: string): string {
  const explicit = settings.raw(name);
  if (explicit !== undefined) return isAbsolute(explicit) ? explicit : resolve(explicit);
  // `<pkg>/deployment` resolves to `<pkg root>/src/deployment.ts`.
  const packageRoot = dirname(dirname(require.resolve(`${pkg}/deployment`)));
  return join(packageRoot, artifactDir);
}
