/**
 * `pnpm infra:import <stack>`: lists what of a synthesized stack can be adopted instead of
 * created (secrets, service accounts, buckets, repositories, the Workload Identity pool).
 * `pnpm infra:import <stack> <name>...`: writes Terraform `import` blocks for those into
 * `cdktf.out/stacks/<stack>/imports.tf.json`; the next `pnpm infra:plan|apply <stack>` shows
 * and performs the imports (Terraform 1.5+). For resources that already exist, such as the
 * earlier deployment's `access_password`, `odoo_prod_*` secrets and `odoo-trigger-*` accounts,
 * which a plain apply refuses with 409 "already exists".
 *
 * Node built-ins only: it reads the synthesized JSON, nothing else (no credentials, offline).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CliFailure, outdirFromEnv, readStackJson, type StackJson, stackDir } from "./runner.ts";

/** The file Terraform reads beside cdk.tf.json (every `*.tf.json` of the folder is loaded). */
export const IMPORTS_FILE = "imports.tf.json";

export interface Importable {
  /** What the operator names it by: the secret id, account id, bucket or repository id. */
  readonly name: string;
  /** Terraform address in the stack. */
  readonly address: string;
  /** The import id, in the format the Google provider documents for the resource. */
  readonly id: string;
}

type Attrs = Record<string, unknown>;

/**
 * Resource type -> [the name an operator knows it by, the provider's import id]. Import id
 * formats: the "Import" section of each resource in the Google provider's documentation.
 */
const IMPORTERS: Record<string, (a: Attrs) => [string, string]> = {
  google_secret_manager_secret: (a) => [
    `${a.secret_id}`,
    `projects/${a.project}/secrets/${a.secret_id}`,
  ],
  google_service_account: (a) => [
    `${a.account_id}`,
    `projects/${a.project}/serviceAccounts/${a.account_id}@${a.project}.iam.gserviceaccount.com`,
  ],
  google_storage_bucket: (a) => [`${a.name}`, `${a.project}/${a.name}`],
  google_artifact_registry_repository: (a) => [
    `${a.repository_id}`,
    `projects/${a.project}/locations/${a.location}/repositories/${a.repository_id}`,
  ],
  google_iam_workload_identity_pool: (a) => [
    `${a.workload_identity_pool_id}`,
    `projects/${a.project}/locations/global/workloadIdentityPools/${a.workload_identity_pool_id}`,
  ],
  google_iam_workload_identity_pool_provider: (a) => [
    `${a.workload_identity_pool_id}/${a.workload_identity_pool_provider_id}`,
    `projects/${a.project}/locations/global/workloadIdentityPools/${a.workload_identity_pool_id}/providers/${a.workload_identity_pool_provider_id}`,
  ],
};

/** Every resource of the stack that can be imported, with its name and import id. */
export function importables(json: StackJson): Importable[] {
  const found: Importable[] = [];
  for (const [type, byKey] of Object.entries(json.resource ?? {})) {
    const importer = IMPORTERS[type];
    if (!importer) continue;
    for (const [key, attrs] of Object.entries(byKey)) {
      const [name, id] = importer(resolveReferences(json, attrs));
      found.push({ name, address: `${type}.${key}`, id });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** `${type.key.attribute}` references to literal attributes of the same stack, resolved. */
function resolveReferences(json: StackJson, attrs: Attrs): Attrs {
  const resolved: Attrs = {};
  for (const [key, value] of Object.entries(attrs)) {
    const ref = typeof value === "string" ? /^\$\{([\w-]+)\.([\w-]+)\.(\w+)\}$/.exec(value) : null;
    resolved[key] = ref
      ? json.resource?.[ref[1] as string]?.[ref[2] as string]?.[ref[3] as string]
      : value;
  }
  return resolved;
}

export function runImport(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  out: { print: (line: string) => void; log: (line: string) => void },
): void {
  const [stack, ...names] = argv;
  const outdir = outdirFromEnv(env);
  const json = readStackJson(outdir, stack);
  const candidates = importables(json);
  if (names.length === 0) {
    out.print(`Importable resources of stack ${stack} (name them to import them):`);
    const width = Math.max(...candidates.map((c) => c.name.length));
    for (const c of candidates) out.print(`  ${c.name.padEnd(width)}  ${c.id}`);
    return;
  }
  const unknown = names.filter((name) => !candidates.some((c) => c.name === name));
  if (unknown.length > 0) {
    throw new CliFailure(
      `stack ${stack} has nothing named ${unknown.join(", ")}; importable: ${candidates.map((c) => c.name).join(", ")}.`,
      2,
    );
  }
  const chosen = candidates.filter((c) => names.includes(c.name));
  const file = join(stackDir(outdir, stack as string), IMPORTS_FILE);
  writeFileSync(
    file,
    `${JSON.stringify({ import: chosen.map((c) => ({ to: c.address, id: c.id })) }, null, 2)}\n`,
  );
  for (const c of chosen) out.print(`import ${c.id}\n    -> ${c.address}`);
  out.log(
    `wrote ${file} (${chosen.length} import block${chosen.length === 1 ? "" : "s"}). Review with \`pnpm infra:plan ${stack}\` ("will be imported"), apply with \`pnpm infra:apply ${stack}\`. A new \`pnpm infra:synth\` removes the file.`,
  );
}

if (import.meta.main) {
  try {
    runImport(process.argv.slice(2), process.env, {
      print: (line) => process.stdout.write(`${line}\n`),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if (!(error instanceof CliFailure)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}
