/**
 * Checks an artifact's `package-lock.json` (artifact-lock.ts) against the tree the workspace
 * installed: what a test runs to prove that `npm ci` could install nothing but what was tested.
 */
import {
  type Installed,
  installedTree,
  key,
  type LockEntry,
  type PackageLock,
  pnpmIntegrities,
  type RootEntry,
  registryUrl,
  resolveFrom,
  workspaceRoot,
} from "./artifact-lock.ts";

/**
 * Problems that would let `npm ci` in the artifact install anything but what the workspace
 * tested (empty when there are none): a package or dependency edge of the installed tree missing
 * from the lock or resolving to another version from where it is placed, a version or integrity
 * other than pnpm's, a root that disagrees with the artifact's package.json.
 */
export function lockProblems(
  lock: PackageLock,
  manifest: { dependencies: Record<string, string> },
  externals: Readonly<Record<string, string>>,
  root = workspaceRoot(Object.values(externals)[0] ?? process.cwd()),
): string[] {
  const problems: string[] = [];
  const integrities = pnpmIntegrities(root);
  const entries = new Map(Object.entries(lock.packages));
  const rootEntry = entries.get("") as RootEntry | undefined;
  if (lock.lockfileVersion !== 3) problems.push(`lockfileVersion ${lock.lockfileVersion}, not 3`);
  if (JSON.stringify(rootEntry?.dependencies) !== JSON.stringify(manifest.dependencies)) {
    problems.push("the lock's root dependencies differ from the artifact's package.json");
  }
  // Walk the installed tree again, from the lock's side: every edge must land on the same version.
  const roots = installedTree(externals);
  const checked = new Set<string>();
  const visited = new Set<string>();
  const check = (location: string, pkg: Installed) => {
    if (checked.has(`${location} ${key(pkg)}`)) return;
    checked.add(`${location} ${key(pkg)}`);
    visited.add(location);
    const entry = entries.get(location) as LockEntry | undefined;
    if (!entry) return void problems.push(`${location}: missing for ${key(pkg)}`);
    if (entry.version !== pkg.manifest.version) {
      problems.push(
        `${location}: ${entry.version} but the workspace tested ${pkg.manifest.version}`,
      );
    }
    const integrity = integrities.get(key(pkg));
    if (!/^sha512-/.test(entry.integrity ?? "") || entry.integrity !== integrity) {
      problems.push(`${location}: integrity differs from pnpm-lock.yaml's for ${key(pkg)}`);
    }
    if (entry.resolved !== registryUrl(pkg.manifest.name, pkg.manifest.version)) {
      problems.push(`${location}: resolved from ${entry.resolved}`);
    }
    for (const [name, dep] of pkg.deps) {
      const found = resolveFrom(entries, location, name);
      if (found === undefined) {
        problems.push(`${location} -> ${name}: not in the lock (npm would resolve it afresh)`);
        continue;
      }
      check(found, dep);
    }
  };
  for (const [name, pkg] of roots) check(`node_modules/${name}`, pkg);
  for (const path of entries.keys()) {
    if (path !== "" && !visited.has(path))
      problems.push(`${path}: in the lock but not in the tree`);
  }
  return problems;
}
