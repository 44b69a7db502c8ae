/**
 * The deploy artifact's `package-lock.json`: the exact tree of the dependencies left out of the
 * bundle, as the workspace installed them, with each package's registry integrity from
 * `pnpm-lock.yaml` (why and how: docs/decisions.md).
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  engines?: Record<string, string>;
  bin?: string | Record<string, string>;
  os?: string[];
  cpu?: string[];
  license?: string;
}

/** One installed package: where it lives in the workspace and what it declares. */
export interface Installed {
  dir: string;
  manifest: Manifest;
  /** Its dependencies as installed: name -> the installed package. */
  deps: Map<string, Installed>;
  optional: boolean;
}

/** npm's lockfile v3 entry (https://docs.npmjs.com/cli/configuring-npm/package-lock-json). */
export interface LockEntry {
  version: string;
  resolved: string;
  integrity: string;
  license?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  engines?: Record<string, string>;
  bin?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  optional?: true;
}

export interface PackageLock {
  name: string;
  version: string;
  lockfileVersion: 3;
  requires: true;
  packages: Record<string, LockEntry | RootEntry>;
}

export interface RootEntry {
  name: string;
  version: string;
  dependencies: Record<string, string>;
}

/** The workspace root: the folder holding `pnpm-lock.yaml` above `from`. */
export function workspaceRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, "pnpm-lock.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-lock.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}

/** `name@version` -> integrity, from the `packages` section of pnpm-lock.yaml. */
export function pnpmIntegrities(root: string): Map<string, string> {
  const lock = parse(readFileSync(join(root, "pnpm-lock.yaml"), "utf8")) as {
    packages?: Record<string, { resolution?: { integrity?: string } }>;
  };
  const integrities = new Map<string, string>();
  for (const [key, value] of Object.entries(lock.packages ?? {})) {
    const integrity = value.resolution?.integrity;
    if (integrity) integrities.set(key, integrity);
  }
  return integrities;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
}

/**
 * The installed dependency `name` of the package in `dir`: pnpm links it next to the package
 * (`.pnpm/<key>/node_modules/<name>`), a workspace package has it in its own node_modules.
 */
function installedDependency(dir: string, name: string, dependent?: string): string | undefined {
  // `dir` is `<node_modules>/<dependent>`: its node_modules is one level up, two when scoped.
  const beside = join(dir, dependent?.startsWith("@") ? "../.." : "..", name);
  const own = join(dir, "node_modules", name);
  for (const candidate of [own, beside]) {
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
  }
  return undefined;
}

/** Walks the installed tree of `externals` (name -> the workspace package folder that pins it). */
export function installedTree(externals: Readonly<Record<string, string>>): Map<string, Installed> {
  const byDir = new Map<string, Installed>();
  const visit = (dir: string, optional: boolean): Installed => {
    const seen = byDir.get(dir);
    if (seen) {
      // Reachable without an optional edge anywhere: not optional.
      if (!optional && seen.optional) markRequired(seen);
      return seen;
    }
    const manifest = readManifest(dir);
    const node: Installed = { dir, manifest, deps: new Map(), optional };
    byDir.set(dir, node);
    const edges: [string, boolean][] = [
      ...Object.keys(manifest.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys(manifest.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(manifest.peerDependencies ?? {}).map((n): [string, boolean] => [
        n,
        manifest.peerDependenciesMeta?.[n]?.optional === true,
      ]),
    ];
    for (const [name, edgeOptional] of edges) {
      if (node.deps.has(name)) continue;
      const found = installedDependency(dir, name, manifest.name);
      if (!found) {
        if (edgeOptional) continue; // another platform's binary, or an optional peer
        throw new Error(
          `${manifest.name}@${manifest.version} needs ${name}, which is not installed`,
        );
      }
      node.deps.set(name, visit(found, optional || edgeOptional));
    }
    return node;
  };
  const markRequired = (node: Installed) => {
    if (!node.optional) return;
    node.optional = false;
    for (const dep of node.deps.values()) markRequired(dep);
  };
  const roots = new Map<string, Installed>();
  for (const [name, declaredIn] of Object.entries(externals)) {
    const dir = installedDependency(declaredIn, name);
    if (!dir) throw new Error(`${name} is not installed for ${declaredIn}`);
    roots.set(name, visit(dir, false));
  }
  return roots;
}

export const key = (p: Installed) => `${p.manifest.name}@${p.manifest.version}`;

/**
 * Lays the tree out as npm would: breadth first, each dependency at the top when nothing of that
 * name is on the way there, else in the dependent's own node_modules. Returns lock path -> package.
 */
function layOut(roots: Map<string, Installed>): Map<string, Installed> {
  const placed = new Map<string, Installed>();
  const queue: [string, Installed][] = [];
  for (const [name, pkg] of roots) {
    placed.set(`node_modules/${name}`, pkg);
    queue.push([`node_modules/${name}`, pkg]);
  }
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [location, pkg] = next;
    for (const [name, dep] of pkg.deps) {
      const found = resolveFrom(placed, location, name);
      if (found !== undefined && key(placed.get(found) as Installed) === key(dep)) continue;
      const target =
        found === undefined ? `node_modules/${name}` : `${location}/node_modules/${name}`;
      placed.set(target, dep);
      queue.push([target, dep]);
    }
  }
  return placed;
}

/** Where Node finds `name` from the package at `location` (its node_modules, then each parent's). */
export function resolveFrom(
  packages: { has(path: string): boolean },
  location: string,
  name: string,
): string | undefined {
  let base = location;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages.has(candidate)) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut === -1 ? "" : base.slice(0, cut);
  }
}

export function registryUrl(name: string, version: string): string {
  const base = name.startsWith("@") ? name.split("/")[1] : name;
  return `https://registry.npmjs.org/${name}/-/${base}-${version}.tgz`;
}

function binOf(manifest: Manifest): Record<string, string> | undefined {
  if (typeof manifest.bin === "string") {
    return { [manifest.name.split("/").pop() ?? manifest.name]: manifest.bin };
  }
  return manifest.bin;
}

/**
 * The `package-lock.json` of an artifact whose `package.json` names `dependencies` (the
 * externals, at the exact versions the workspace pins): every package of their installed tree at
 * its installed version, with its registry URL and the integrity pnpm recorded for it.
 */
export function artifactLock(
  manifest: { name: string; version: string; dependencies: Record<string, string> },
  externals: Readonly<Record<string, string>>,
  root = workspaceRoot(Object.values(externals)[0] ?? process.cwd()),
): PackageLock {
  const integrities = pnpmIntegrities(root);
  const roots = installedTree(externals);
  for (const [name, pkg] of roots) {
    if (pkg.manifest.version !== manifest.dependencies[name]) {
      throw new Error(
        `${name}: the artifact pins ${manifest.dependencies[name]} but ${pkg.manifest.version} is installed (run pnpm install)`,
      );
    }
  }
  const packages: PackageLock["packages"] = {
    "": { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
  };
  const placed = layOut(roots);
  for (const path of [...placed.keys()].sort()) {
    const pkg = placed.get(path) as Installed;
    const { manifest: m } = pkg;
    const integrity = integrities.get(key(pkg));
    if (!integrity) throw new Error(`${key(pkg)} has no integrity in pnpm-lock.yaml`);
    const entry: LockEntry = {
      version: m.version,
      resolved: registryUrl(m.name, m.version),
      integrity,
      ...(m.license ? { license: m.license } : {}),
      ...(m.dependencies ? { dependencies: m.dependencies } : {}),
      ...(m.optionalDependencies ? { optionalDependencies: m.optionalDependencies } : {}),
      ...(m.peerDependencies ? { peerDependencies: m.peerDependencies } : {}),
      ...(m.peerDependenciesMeta ? { peerDependenciesMeta: m.peerDependenciesMeta } : {}),
      ...(m.engines && typeof m.engines === "object" ? { engines: m.engines } : {}),
      ...(binOf(m) ? { bin: binOf(m) } : {}),
      ...(m.os ? { os: m.os } : {}),
      ...(m.cpu ? { cpu: m.cpu } : {}),
      ...(pkg.optional ? { optional: true as const } : {}),
    };
    packages[path] = entry;
  }
  return {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages,
  };
}

/**
 * Where each package of the lock lives in the workspace (lock path -> installed folder): lets a
 * test lay the artifact's node_modules out offline, exactly as `npm ci` would from the lock.
 */
export function installedLayout(externals: Readonly<Record<string, string>>): Map<string, string> {
  const layout = new Map<string, string>();
  for (const [path, pkg] of layOut(installedTree(externals))) layout.set(path, pkg.dir);
  return layout;
}
