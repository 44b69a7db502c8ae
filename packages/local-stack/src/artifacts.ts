/**
 * Both deploy artifacts, built by the functions' own build scripts (as `pnpm build` does) into
 * one temporary folder, once per process: the functions then start from a folder with no
 * workspace around it, and the packages' own dist folders stay untouched. The folder goes when the last stack
 * using it closes (vitest workers never emit "exit"); the exit hook is the fallback for a run that
 * ends without closing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildLookupArtifact } from "@jsm-odoo/lookup-function/build";
import { buildTokenArtifact } from "@jsm-odoo/token-function/build";
import type { FunctionKind } from "./child-process.ts";

export interface BuiltArtifacts extends Record<FunctionKind, string> {
  /** The temporary folder holding both. */
  dir: string;
}

let built: Promise<BuiltArtifacts> | undefined;
let users = 0;

/** Builds both artifacts, or returns the build already made in this process. */
export function buildArtifacts(): Promise<BuiltArtifacts> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "jsm-odoo-local-stack-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const [token, lookup] = await Promise.all([
      buildTokenArtifact(join(dir, "token")),
      buildLookupArtifact(join(dir, "lookup")),
    ]);
    return { dir, token: token.outDir, lookup: lookup.outDir };
  })();
  return built;
}

/** The artifacts for one more user; `release` once done (the last one removes the folder). */
export async function acquireArtifacts(): Promise<{
  artifacts: BuiltArtifacts;
  release(): Promise<void>;
}> {
  const mine = buildArtifacts();
  users += 1;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    users -= 1;
    if (users > 0 || built !== mine) return;
    built = undefined;
    const dir = await mine.then(
      (b) => b.dir,
      () => undefined,
    );
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    return { artifacts: await mine, release };
  } catch (error) {
    await release();
    throw error;
  }
}
