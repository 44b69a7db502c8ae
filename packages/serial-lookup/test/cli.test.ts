import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLookupCli } from "../src/cli/run.ts";
import { INTEGRATION } from "./fixtures/builder.ts";
import { scenarioFixture } from "./fixtures/scenarios.ts";
import { type Running, startOdoo } from "./helpers.ts";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The same CLI in-process: for the cases where a process start adds nothing but seconds. */
async function lookupInProcess(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const code = await runLookupCli({
    argv: args,
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** Runs `pnpm -s lookup` as the operator would: a separate Node process. */
async function lookupCli(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("pnpm -s lookup", () => {
  let odoo: Running;
  let env: Record<string, string>;

  beforeAll(async () => {
    odoo = await startOdoo(scenarioFixture().fixture(), 17);
    env = {
      ODOO_URL: odoo.emulator.url,
      ODOO_DB: odoo.emulator.db,
      ODOO_USER: INTEGRATION.login,
      ODOO_PASSWORD: INTEGRATION.apiKey,
    };
  });
  afterAll(async () => {
    await odoo?.close();
  });

  it("prints one result per serial in request order and exits 0, found or not", async () => {
    const outcome = await lookupCli(["RESOLD-1", "NOPE-404"], env);
    expect(outcome.code).toBe(0);
    const { results } = JSON.parse(outcome.stdout);
    expect(
      results.map((r: { serial_number: string; found: boolean }) => [r.serial_number, r.found]),
    ).toEqual([
      ["RESOLD-1", true],
      ["NOPE-404", false],
    ]);
    expect(results[0].customer.name).toBe("Bob New");
    expect(outcome.stderr).toBe("");
  });

  it("takes the connection from flags too (password may be the interactive one)", async () => {
    const outcome = await lookupInProcess([
      "--url",
      odoo.emulator.url,
      "--db",
      odoo.emulator.db,
      "--user",
      INTEGRATION.login,
      "--password",
      INTEGRATION.password,
      "KITLINE-1",
    ]);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).results[0].product_name).toBe("Huddly L1 Kit");
  });

  it("prints timing JSON on stderr with --repeat", async () => {
    const outcome = await lookupCli(["--repeat", "3", "KITLINE-1,SHIP-1"], env);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).results).toHaveLength(2);
    expect(JSON.parse(outcome.stderr)).toEqual({
      runs: 3,
      serials: 2,
      p50_ms: expect.any(Number),
      p95_ms: expect.any(Number),
      // Odoo 17: the nested plan's two web_search_reads, whatever the number of serials.
      rpcs_per_lookup: 2,
    });
  });

  it("exits 1 with one clear line when Odoo rejects the login, never showing the password", async () => {
    const outcome = await lookupCli(["KITLINE-1"], { ...env, ODOO_PASSWORD: "wrong-secret-value" });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toBe(
      "lookup: Odoo rejected the login (check --user and --password / ODOO_USER and ODOO_PASSWORD)\n",
    );
  });

  it("exits 1 with one line when Odoo cannot be reached", async () => {
    const outcome = await lookupInProcess(["KITLINE-1"], {
      ...env,
      ODOO_URL: "http://127.0.0.1:9",
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^lookup: ODOO_UNAVAILABLE: .+\n$/);
    expect(outcome.stderr).not.toContain(INTEGRATION.apiKey);
  });

  it("speaks the protocol it is told: JSON-2 against an Odoo 17 fails as a protocol error, exit 1", async () => {
    const outcome = await lookupInProcess(["RESOLD-1", "--protocol", "json2"], env);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^lookup: ODOO_PROTOCOL: /);
  });

  it.each([
    [
      "missing settings",
      [],
      {},
      ["lookup: --url (or ODOO_URL) is not set: ", "lookup: --db (or ODOO_DB) is not set: "],
    ],
    ["no serial", [], "env", ["lookup: no SERIAL given"]],
    [
      "too many serials",
      [Array.from({ length: 21 }, (_, i) => `S${i}`).join(",")],
      "env",
      ["lookup: Too many serial numbers: 21 given, at most 20 per request"],
    ],
    ["an unknown flag", ["--nope", "X"], "env", ["lookup: Unknown option '--nope'"]],
    [
      "an unknown protocol",
      ["--protocol", "soap", "X"],
      "env",
      ['lookup: --protocol must be one of auto, xmlrpc, json2 (got "soap")'],
    ],
    [
      "a URL without a scheme",
      ["--url", "odoo.example.com", "X"],
      "env",
      ['lookup: --url must be an absolute http or https URL (got "odoo.example.com")'],
    ],
  ] as const)("exits 2 on %s with the usage", async (_what, args, which, lines) => {
    const outcome = await lookupInProcess([...args], which === "env" ? env : {});
    expect(outcome.code).toBe(2);
    for (const line of lines) expect(outcome.stderr).toContain(line);
    expect(outcome.stderr).toContain("Usage: pnpm -s lookup");
  });
});
