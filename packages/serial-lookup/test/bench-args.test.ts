/** `pnpm -s bench` arguments: checked by the bench itself, one usage line for a mistake. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BENCH_USAGE, parseBenchArgs } from "../bench/args.ts";

const BENCH = fileURLToPath(new URL("../bench/bench.ts", import.meta.url));

describe("parseBenchArgs", () => {
  it("defaults to the emulator: Odoo 19, 20 iterations, the real server cost, 2 workers, no latency", () => {
    expect(parseBenchArgs([])).toEqual({
      mode: "emulator",
      odooVersion: 19,
      iterations: 20,
      serverMs: "real",
      workers: 2,
      latencyMs: 0,
    });
  });

  it("reads every option", () => {
    const argv = ["--latency-ms", "5", "--iterations", "3", "--odoo-version", "16"];
    expect(parseBenchArgs([...argv, "--server-ms", "30", "--workers", "0"])).toEqual({
      mode: "emulator",
      odooVersion: 16,
      iterations: 3,
      serverMs: "30",
      workers: 0,
      latencyMs: 5,
    });
  });

  it("measures a live server given its URL, database, login, key (flag or ODOO_PASSWORD) and serials", () => {
    const live = ["--url", "https://odoo.example.com", "--db", "prod", "--user", "jsm"];
    expect(
      parseBenchArgs([...live, "--serial", "A", "--serial", "B"], { ODOO_PASSWORD: "k" }),
    ).toEqual({
      mode: "live",
      url: "https://odoo.example.com",
      db: "prod",
      user: "jsm",
      password: "k",
      serials: ["A", "B"],
      iterations: 20,
    });
    expect(parseBenchArgs([...live, "--password", "p", "--serial", "A"])).toMatchObject({
      password: "p",
    });
  });

  it.each([
    [["--latency", "20"], "Unknown option '--latency'"],
    [["--odoo-version", "13"], "--odoo-version must be an integer from 14 to 19"],
    [["--latency-ms=-1"], '--latency-ms must be an integer from 0 to 600000 (got "-1")'],
    [["--latency-ms", "1.5"], '--latency-ms must be an integer from 0 to 600000 (got "1.5")'],
    [
      ["--server-ms", "fast"],
      '--server-ms must be an integer from 0 to 600000: milliseconds each request holds a worker, or real (got "fast")',
    ],
    [["--workers", "two"], '--workers must be an integer from 0 to 10000 (got "two")'],
    [["--iterations", "many"], '--iterations must be an integer from 1 to 100000 (got "many")'],
    [["20"], "Unexpected argument '20'"],
    [["--url", "http://x", "--serial", "A"], "--db is not set: a live bench needs it"],
    [
      ["--url", "ftp://x", "--db", "d", "--user", "u", "--password", "p", "--serial", "A"],
      '--url must be an absolute http or https URL (got "ftp://x")',
    ],
    [["--url", "http://x", "--db", "d", "--user", "u", "--password", "p"], "at least one --serial"],
    [["--url", "http://x", "--latency-ms", "5"], "--latency-ms is for the emulator bench"],
  ])("refuses %j: %s", (argv, problem) => {
    const parsed = parseBenchArgs(argv);
    expect("problem" in parsed && parsed.problem).toContain(problem);
  });
});

describe("pnpm -s bench with an unknown option", () => {
  it("prints the problem and its own usage, no stack trace, and exits 2", async () => {
    const failure = await promisify(execFile)(process.execPath, [BENCH, "--latency", "20"]).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe("");
    expect(failure?.stderr).toBe(`bench: Unknown option '--latency'\n${BENCH_USAGE}\n`);
  });
});
