/**
 * Evidence that each deploy artifact installs exactly what the tests ran: both are built into a
 * temporary folder and their `package-lock.json` checked against the installed workspace tree
 * (versions, integrities, every dependency edge resolved from where the lock places it).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildLookupArtifact, LOOKUP_EXTERNALS } from "@jsm-odoo/lookup-function/build";
import { buildTokenArtifact, TOKEN_EXTERNALS } from "@jsm-odoo/token-function/build";
import type { PackageLock } from "../../../scripts/lib/artifact-lock.ts";
import { lockProblems } from "../../../scripts/lib/artifact-lock-check.ts";
import type { EvidenceRow } from "./evidence.ts";

export async function artifactRows(): Promise<EvidenceRow[]> {
  const folder = await mkdtemp(join(tmpdir(), "reliability-artifacts-"));
  try {
    const rows: EvidenceRow[] = [];
    for (const [kind, build, externals] of [
      ["token", buildTokenArtifact, TOKEN_EXTERNALS],
      ["lookup", buildLookupArtifact, LOOKUP_EXTERNALS],
    ] as const) {
      const out = join(folder, kind);
      await build(out);
      const read = async (name: string) => JSON.parse(await readFile(join(out, name), "utf8"));
      const lock = (await read("package-lock.json")) as PackageLock;
      const problems = lockProblems(lock, await read("package.json"), externals);
      rows.push({
        area: "deploy artifacts",
        scenario: `the ${kind} artifact's package-lock.json (what Cloud Build's npm ci installs)`,
        expected:
          "every package of the external dependencies' tree at the version and integrity the workspace installed and tested; every dependency resolves inside the lock to that version; root = package.json",
        observed:
          problems.length === 0
            ? `${Object.keys(lock.packages).length - 1} packages, lockfileVersion ${lock.lockfileVersion}, 0 problems`
            : problems.slice(0, 3).join("; "),
        pass: problems.length === 0,
      });
    }
    return rows;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
