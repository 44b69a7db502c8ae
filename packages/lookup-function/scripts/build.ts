/**
 * Builds the deploy artifact: `dist/function/index.js` (our code with serial-lookup, odoo-client,
 * function-runtime and jose bundled by esbuild) and a `package.json` naming the few runtime
 * dependencies kept external, at exact versions. `functions-framework --target=lookup
 * --source=dist/function` starts it from a clean folder; Cloud Functions installs the
 * dependencies when it builds the image.
 *
 *   node scripts/build.ts [outDir]
 */
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
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
const EXTERNAL = {
  "@google-cloud/functions-framework": PACKAGE_DIR,
  "@google-cloud/secret-manager": resolve(PACKAGE_DIR, "../function-runtime"),
} as const;

export async function buildLookupArtifact(outDir = join(PACKAGE_DIR, LOOKUP_ARTIFACT_DIR)) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, "index.js");
  await build({
    entryPoints: [join(PACKAGE_DIR, "src/entry.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    // nodejs22 is the oldest runtime Cloud Functions still deploys.
    target: "node22",
    external: Object.keys(EXTERNAL),
    // xmlrpc (under odoo-client) is CommonJS and requires Node built-ins; an ESM bundle needs a
    // real `require` for those (https://esbuild.github.io/api/#platform, "esm" + require).
    banner: {
      js: 'import { createRequire as __lookupCreateRequire } from "node:module"; const require = __lookupCreateRequire(import.meta.url);',
    },
    legalComments: "linked",
    logLevel: "warning",
  });
  const dependencies: Record<string, string> = {};
  for (const [name, declaredIn] of Object.entries(EXTERNAL)) {
    dependencies[name] = await exactVersion(name, declaredIn);
  }
  const manifest = {
    name: "jsm-odoo-lookup-function",
    version: JSON.parse(await readFile(join(PACKAGE_DIR, "package.json"), "utf8")).version,
    private: true,
    description: `Bundled Cloud Function \`${LOOKUP_TARGET}\` (built by packages/lookup-function/scripts/build.ts).`,
    type: "module",
    main: "index.js",
    engines: { node: ">=22" },
    dependencies,
  };
  await writeFile(join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, bytes: (await stat(outfile)).size, dependencies };
}

/** The exact version a workspace package.json pins; a range would let deploys drift. */
async function exactVersion(name: string, packageDir: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8"));
  const version: unknown = pkg.dependencies?.[name];
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`${packageDir}/package.json must pin ${name} to an exact version`);
  }
  return version;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await buildLookupArtifact(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(
    `lookup function artifact: ${result.outDir} (index.js ${(result.bytes / 1024).toFixed(1)} KiB; ` +
      `external: ${Object.entries(result.dependencies)
        .map(([n, v]) => `${n}@${v}`)
        .join(", ")})`,
  );
}
