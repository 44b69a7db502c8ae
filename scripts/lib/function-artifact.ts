/**
 * Builds a Cloud Function deploy artifact: `<outDir>/index.js` (the function and every workspace
 * package it uses, bundled by esbuild), a `package.json` naming the few runtime dependencies
 * kept external, at the exact versions the workspace pins, and a `package-lock.json` pinning
 * their whole tree as installed in the workspace (artifact-lock.ts), so that Cloud Build's
 * `npm ci` installs exactly what the tests ran. `functions-framework --target=<target>
 * --source=<outDir>` starts it from a clean folder. Shared by both functions' build scripts.
 */
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { artifactLock } from "./artifact-lock.ts";

export interface FunctionArtifactSpec {
  /** The function package's folder (holds its package.json). */
  packageDir: string;
  /** Entry module, relative to packageDir; it exports the handler named like `target`. */
  entry: string;
  /** Functions Framework target, for the manifest's description. */
  target: string;
  /** Manifest name, e.g. `jsm-odoo-token-function`. */
  name: string;
  /** Dependencies left out of the bundle, each mapped to the package folder that pins it. */
  external: Readonly<Record<string, string>>;
  /** Code put before the bundle (e.g. a `require` for CommonJS dependencies in an ESM bundle). */
  banner?: string;
}

export interface FunctionArtifact {
  outDir: string;
  bytes: number;
  dependencies: Record<string, string>;
  /** Packages in `package-lock.json`: the externals and their whole installed tree. */
  lockedPackages: number;
}

export async function buildFunctionArtifact(
  spec: FunctionArtifactSpec,
  outDir: string,
): Promise<FunctionArtifact> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, "index.js");
  await build({
    entryPoints: [join(spec.packageDir, spec.entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    // The runtime infra deploys (`nodejs24`).
    target: "node24",
    external: Object.keys(spec.external),
    ...(spec.banner ? { banner: { js: spec.banner } } : {}),
    legalComments: "linked",
    logLevel: "warning",
  });
  const dependencies: Record<string, string> = {};
  for (const [name, declaredIn] of Object.entries(spec.external)) {
    dependencies[name] = await exactVersion(name, declaredIn);
  }
  const manifest = {
    name: spec.name,
    version: JSON.parse(await readFile(join(spec.packageDir, "package.json"), "utf8")).version,
    private: true,
    description: `Bundled Cloud Function \`${spec.target}\` (built by scripts/lib/function-artifact.ts).`,
    type: "module",
    main: "index.js",
    engines: { node: ">=24" },
    dependencies,
  };
  await writeFile(join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // `npm ci` (Cloud Build, when a lockfile is present) then installs exactly the tested tree.
  const lock = artifactLock(manifest, spec.external);
  await writeFile(join(outDir, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  const packages = Object.keys(lock.packages).length - 1;
  return { outDir, bytes: (await stat(outfile)).size, dependencies, lockedPackages: packages };
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

/** One line for the build log: where the artifact went, its size and what stays external. */
export function describeArtifact(label: string, artifact: FunctionArtifact): string {
  const external = Object.entries(artifact.dependencies)
    .map(([name, version]) => `${name}@${version}`)
    .join(", ");
  return `${label} artifact: ${artifact.outDir} (index.js ${(artifact.bytes / 1024).toFixed(1)} KiB; external: ${external}; package-lock.json: ${artifact.lockedPackages} packages)`;
}
