/**
 * Builds the token function's deploy artifact into `dist/function/` (see
 * scripts/lib/function-artifact.ts): `functions-framework --target=token --source=dist/function`.
 *
 *   node scripts/build.ts [outDir]
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildFunctionArtifact, describeArtifact } from "../../../scripts/lib/function-artifact.ts";
import { TOKEN_ARTIFACT_DIR, TOKEN_TARGET } from "../src/deployment.ts";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Kept out of the bundle and installed by the platform. All three load lazily or not at all in
 * local mode (`SECRETS_SOURCE=env`, `TOKEN_MINTER=local`), so the folder also starts without them:
 * - the Functions Framework is what runs the function (Cloud Functions pins the version we name);
 * - Secret Manager's client (gRPC, protobufs) and google-auth-library are large and load files
 *   at run time that a bundle would miss.
 */
export const TOKEN_EXTERNALS = {
  "@google-cloud/functions-framework": PACKAGE_DIR,
  "@google-cloud/secret-manager": resolve(PACKAGE_DIR, "../function-runtime"),
  "google-auth-library": PACKAGE_DIR,
} as const;

export function buildTokenArtifact(outDir = join(PACKAGE_DIR, TOKEN_ARTIFACT_DIR)) {
  return buildFunctionArtifact(
    {
      packageDir: PACKAGE_DIR,
      entry: "src/entry.ts",
      target: TOKEN_TARGET,
      name: "jsm-odoo-token-function",
      external: TOKEN_EXTERNALS,
    },
    outDir,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const artifact = await buildTokenArtifact(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(describeArtifact("token function", artifact));
}
