/** `pnpm -s reliability` takes no options: a typo must not start a run that rewrites a doc. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../src/report/cli.ts", import.meta.url));
const reliability = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 10_000 });

describe("pnpm -s reliability usage", () => {
  it("refuses any argument with one line and the usage, exit 2, before running anything", () => {
    const { status, stdout, stderr } = reliability("--runs", "10");
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n").slice(0, 2)).toEqual([
      "reliability: unexpected argument(s): --runs 10",
      expect.stringMatching(/^usage: pnpm -s reliability/),
    ]);
  });

  it("prints the usage on stdout for --help, exit 0", () => {
    const { status, stdout, stderr } = reliability("--help");
    expect(status).toBe(0);
    expect(stdout).toMatch(/^usage: pnpm -s reliability/);
    expect(stderr).toBe("");
  });
});
