/**
 * Every relative link in the repository's Markdown points at a file that exists and, with a
 * `#fragment`, at a heading of that file (GitHub's anchor rules), so moving a section or a file
 * cannot silently break the documentation.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const SKIPPED = new Set(["node_modules", ".git", ".tools", "dist", "cdktf.out", "coverage"]);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCodeBlocks(markdown).split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    const base = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, "");
}

/** Relative links `[text](target)` outside code: no scheme, no bare `#fragment` handled too. */
function relativeLinks(markdown: string): string[] {
  const text = withoutCodeBlocks(markdown).replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1] ?? "")
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

function brokenLinks(file: string): string[] {
  const markdown = readFileSync(file, "utf8");
  return relativeLinks(markdown).flatMap((link) => {
    const [path = "", fragment] = link.split("#");
    const target = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
    if (!existsSync(target)) return [`${link} (no such file)`];
    if (fragment === undefined || statSync(target).isDirectory() || !target.endsWith(".md")) {
      return [];
    }
    return headingAnchors(readFileSync(target, "utf8")).has(fragment.toLowerCase())
      ? []
      : [`${link} (no such heading)`];
  });
}

describe("links in the documentation", () => {
  const files = markdownFiles(ROOT);

  it("finds the README and the docs", () => {
    const names = files.map((file) => relative(ROOT, file));
    expect(names).toContain("README.md");
    expect(names).toContain("docs/architecture.md");
  });

  it("makes GitHub's anchors from headings", () => {
    const anchors = headingAnchors(
      "# Configuration (`src/config.ts`, parseInfraConfig(env))\n## Against the local stack: `pnpm dev`\n## Notes\n## Notes\n```\n# not a heading\n```\n",
    );
    expect([...anchors]).toEqual([
      "configuration-srcconfigts-parseinfraconfigenv",
      "against-the-local-stack-pnpm-dev",
      "notes",
      "notes-1",
    ]);
  });

  it("every relative link reaches an existing file and heading", () => {
    const broken = files.flatMap((file) =>
      brokenLinks(file).map((problem) => `${relative(ROOT, file)}: ${problem}`),
    );
    expect(broken).toEqual([]);
  });
});
