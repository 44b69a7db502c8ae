/** Paths and files of the repository the tests check (the workflows, docs and scripts). */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

export function readRepoFile(relativePath: string): string {
  return readFileSync(join(REPO_ROOT, relativePath), "utf8");
}

export interface PackageJson {
  name?: string;
  packageManager?: string;
  scripts?: Record<string, string>;
}

export function readPackageJson(relativeDir: string): PackageJson {
  return JSON.parse(readRepoFile(join(relativeDir, "package.json"))) as PackageJson;
}

/** The versions ./pnpmw pins: `NODE_VERSION=...` and `PNPM_VERSION=...` lines. */
export function pinnedToolVersions(): { node: string; pnpm: string } {
  const wrapper = readRepoFile("pnpmw");
  const pick = (name: string) => {
    const match = new RegExp(`^${name}=([0-9.]+)$`, "m").exec(wrapper);
    if (!match?.[1]) throw new Error(`pnpmw has no ${name}= line`);
    return match[1];
  };
  return { node: pick("NODE_VERSION"), pnpm: pick("PNPM_VERSION") };
}
