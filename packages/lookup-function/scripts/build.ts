/**
 * Builds the lookup function's deploy artifact into `dist/function/` (see
 * scripts/lib/function-artifact.ts): `functions-framework --target=lookup --source=dist/function`.
 *
 *   node scripts/build.ts [outDir]
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildFunctionArtifact, describeArtifact } from "../../../scripts/lib/function-artifact.ts";
import { LOOKUP_ARTIFACT_DIR, LOOKUP_TARGET } from "../src/deployment.ts";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Kept out of the bundle and installed by the platform, each pinned where the workspace pins it.
 * Neither is loaded in local mode (`SECRETS_SOURCE=env`), so the folder also starts without them:
 * - the Functions Framework runs the function (Cloud Functions uses the version we name); the
 *   bundle exports `lookup` and never imports it;
 * - Secret Manager's client (gRPC, protobufs, files read at run time) is imported lazily by
 *   function-runtime, only with `SECRETS_SOURCE=secret-manager`.
 */
export const LOOKUP_EXTERNALS = {
  "@google-cloud/functions-framework": PACKAGE_DIR,
  "@google-cloud/secret-manager": resolve(PACKAGE_DIR, "../function-runtime"),
} as const;

// xmlrpc (under odoo-client) is CommonJS and requires Node built-ins; an ESM bundle needs a real
// `require` for those (https://esbuild.github.io/api/#platform, "esm" + require).
const REQUIRE_SHIM =
  'import { createRequire as __lookupCreateRequire } from "node:module"; const require = __lookupCreateRequire(import.meta.url);';

export function buildLookupArtifact(outDir = join(PACKAGE_DIR, LOOKUP_ARTIFACT_DIR)) {
  return buildFunctionArtifact(
    {
      packageDir: PACKAGE_DIR,
      entry: "src/entry.ts",
      target: LOOKUP_TARGET,
      name: "jsm-odoo-lookup-function",
      external: LOOKUP_EXTERNALS,
      banner: REQUIRE_SHIM,
    },
    outDir,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const artifact = await buildLookupArtifact(
    process.argv[2] ? resolve(process.argv[2]) : undefined,
  );
  console.log(describeArtifact("lookup function", artifact));
}
