/** `pnpm -s loadtest` usage: bad arguments are refused before anything starts. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../src/load/cli.ts", import.meta.url));
const loadtest = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 10_000 });

describe("pnpm -s loadtest usage", () => {
  it.each([
    [
      ["--connections", "many"],
      /--connections must be an integer from 1 to 10000: concurrent lookups \(got "many"\)/,
    ],
    [["--requests", "0"], /--requests must be an integer from 1 to 1000000/],
    [["--latency-ms=-5"], /--latency-ms must be an integer from 0 to 60000/],
    [["--requests"], /Option '--requests <value>' argument missing/],
    [["--workers", "2"], /Unknown option '--workers'/],
  ])("refuses %j with one line and the usage, exit 2", (args, message) => {
    const { status, stdout, stderr } = loadtest(...args);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    const [problem, usage] = stderr.split("\n");
    expect(problem).toMatch(message);
    expect(usage).toMatch(/^usage: pnpm -s loadtest/);
  });

  it("prints the usage on stdout for --help, exit 0", () => {
    const { status, stdout } = loadtest("--help");
    expect(status).toBe(0);
    expect(stdout).toContain("--connections N");
  });
});
