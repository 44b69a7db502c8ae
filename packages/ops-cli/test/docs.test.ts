import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../src/args.ts";
import { OPERATOR_DOCS, opsCommands } from "./support/docs.ts";
import { findPnpmCommands, scriptProblems } from "./support/pnpm-commands.ts";
import { readRepoFile } from "./support/repo.ts";

const documented = OPERATOR_DOCS.flatMap((path) =>
  opsCommands(readRepoFile(path)).map((command) => ({ path, ...command })),
);

describe("pnpm ops commands in the docs", () => {
  it("exist in the operator docs (both commands, both environments)", () => {
    const lines = documented.map((c) => c.line).join("\n");
    expect(lines).toMatch(/ops doctor --env prod/);
    expect(lines).toMatch(/ops doctor --env stage/);
    expect(lines).toMatch(/ops smoke --env (prod|stage) --serial/);
  });

  it.each(documented.map((c) => [c.path, c.line, c.argv] as const))(
    "%s: `%s` is a valid invocation",
    (_path, _line, argv) => {
      if (argv.length === 0 || argv[0]?.startsWith("<")) return; // `pnpm ops <doctor|smoke>` prose
      expect(() => parseCommandLine(argv)).not.toThrow();
    },
  );
});

describe("pnpm scripts named in the docs", () => {
  const commands = OPERATOR_DOCS.flatMap((path) =>
    [...readRepoFile(path).matchAll(/```(?:sh|bash)?\n([\s\S]*?)```/g)].flatMap((block) =>
      findPnpmCommands(block[1] ?? ""),
    ),
  );

  it("all exist in package.json", () => {
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.flatMap(scriptProblems)).toEqual([]);
  });
});
