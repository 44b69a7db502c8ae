/** `pnpm -s emulator --server-ms <n|real> --workers <n>`: spawned, as users run it. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { REAL_ODOO_COST } from "../src/index.ts";
import { flatCost } from "../src/server-cost.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

const run = (args: string[]) => {
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return { child, stderr: () => stderr };
};

const stateOf = async (child: ChildProcess) => {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  const { url } = JSON.parse(line) as { url: string };
  return (await (await fetch(`${url}/__emulator/state`)).json()) as Record<string, unknown>;
};

const exitOf = async (child: ChildProcess) => {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
};

describe("the server-cost flags", () => {
  it("start with a flat cost and a worker pool", async () => {
    const { child } = run(["--server-ms", "12", "--workers", "2"]);
    expect(await stateOf(child)).toMatchObject({
      server_cost: flatCost(12),
      workers: 2,
      queued: 0,
    });
    child.kill("SIGTERM");
    expect(await exitOf(child)).toBe(0);
  });

  it("take the model calibrated on the real Odoo nearest the version with --server-ms real", async () => {
    const { child } = run(["--server-ms", "real", "--odoo-version", "18"]);
    expect(await stateOf(child)).toMatchObject({ server_cost: REAL_ODOO_COST[19], workers: 0 });
    child.kill("SIGTERM");
    expect(await exitOf(child)).toBe(0);
  });

  const WORKERS = "Odoo workers serving requests, 0 for unlimited";
  const SERVER_MS = "simulated server time per request, or 'real'";
  it.each([
    [["--workers=-1"], `--workers must be an integer from 0 to 10000: ${WORKERS} (got "-1")`],
    [["--workers", "two"], `--workers must be an integer from 0 to 10000: ${WORKERS} (got "two")`],
    [
      ["--server-ms", "fast"],
      `--server-ms must be an integer from 0 to 600000: ${SERVER_MS} (got "fast")`,
    ],
    [
      ["--server-ms", "1.5"],
      `--server-ms must be an integer from 0 to 600000: ${SERVER_MS} (got "1.5")`,
    ],
  ])("exit 2 with one line saying what is wrong: %j", async (args, message) => {
    const { child, stderr } = run(args);
    expect(await exitOf(child)).toBe(2);
    const problems = stderr()
      .split("\n")
      .filter((line) => line.startsWith("  - "));
    expect(problems).toEqual([`  - ${message}`]);
    expect(stderr()).not.toMatch(/\n\s+at /);
  });
});
