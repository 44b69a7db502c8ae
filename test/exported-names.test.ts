// A name means one thing in this repository: no two packages export a type, class or function
// under the same name, so a newcomer who searches for one finds one declaration.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

/** Every package directory: each folder of packages/ with a package.json, and infra/. */
function packageDirs(): string[] {
  const packages = readdirSync(join(ROOT, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join("packages", entry.name));
  return ["infra", ...packages].filter((dir) =>
    readdirSync(join(ROOT, dir)).includes("package.json"),
  );
}

const SKIPPED_DIRS = new Set(["node_modules", "test", "cdktf.out", "dist", ".gen"]);

/** A package's own TypeScript outside its tests: src, bench, scripts. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && entry.name !== "vitest.config.ts" ? [path] : [];
  });
}

interface Declaration {
  name: string;
  kind: "type" | "class" | "function";
  file: string;
}

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

const isFunctionValue = (node: ts.Expression | undefined): boolean =>
  node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));

/** The types, classes and functions a file declares and exports (re-exports are not declarations). */
function exportedDeclarations(file: string): Declaration[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: Declaration[] = [];
  for (const node of source.statements) {
    if (!isExported(node)) continue;
    if (
      (ts.isInterfaceDeclaration(node) ||
        ts.isTypeAliasDeclaration(node) ||
        ts.isEnumDeclaration(node)) &&
      node.name
    ) {
      found.push({ name: node.name.text, kind: "type", file });
    } else if (ts.isClassDeclaration(node) && node.name) {
      found.push({ name: node.name.text, kind: "class", file });
    } else if (ts.isFunctionDeclaration(node) && node.name && node.body) {
      // Only the implementation: overload signatures are the same declaration.
      found.push({ name: node.name.text, kind: "function", file });
    } else if (ts.isVariableStatement(node)) {
      for (const variable of node.declarationList.declarations) {
        if (ts.isIdentifier(variable.name) && isFunctionValue(variable.initializer)) {
          found.push({ name: variable.name.text, kind: "function", file });
        }
      }
    }
  }
  return found;
}

const declarations = packageDirs().flatMap((dir) =>
  sourceFiles(dir).flatMap((file) => exportedDeclarations(relative(ROOT, join(ROOT, file)))),
);

function byName(list: readonly Declaration[]): Map<string, Declaration[]> {
  const names = new Map<string, Declaration[]>();
  for (const declaration of list) {
    names.set(declaration.name, [...(names.get(declaration.name) ?? []), declaration]);
  }
  return names;
}

describe("exported names across the repository", () => {
  it("reads the declarations of every package", () => {
    const files = new Set(declarations.map((d) => d.file));
    expect(files).toContain("packages/odoo-client/src/client.ts");
    expect(files).toContain("infra/src/app.ts");
    expect(declarations.length).toBeGreaterThan(300);
  });

  it("no two files export a type, class or function with the same name", () => {
    const repeated = [...byName(declarations)]
      .filter(([, list]) => new Set(list.map((d) => d.file)).size > 1)
      .map(([name, list]) => `${name}: ${list.map((d) => `${d.file} (${d.kind})`).join(", ")}`);
    expect(repeated).toEqual([]);
  });
});
