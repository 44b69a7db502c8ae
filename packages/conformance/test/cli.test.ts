import { describe, expect, it } from "vitest";
import { EXIT, runConformanceCli } from "../src/cli/run.ts";
import { ConformanceError } from "../src/errors.ts";
import type { runSuite, StepOutcome } from "../src/suite.ts";

const ARGS = [
  "--url",
  "http://127.0.0.1:8169",
  "--db",
  "conf19",
  "--admin-login",
  "admin",
  "--admin-password",
  "s3cret-admin",
  "--api-key-command",
  "apikey {login}",
];

async function run(argv: string[], suite?: typeof runSuite, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runConformanceCli(
    {
      argv,
      env,
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    },
    suite,
  );
  return { code, stdout, stderr };
}

const step = (name: string, ok: boolean, mismatches: StepOutcome["mismatches"] = []) => ({
  name,
  ok,
  detail: `${name} detail`,
  mismatches,
});

/** A suite that reports the given steps, as the real one does while it runs. */
const fakeSuite =
  (steps: StepOutcome[]): typeof runSuite =>
  async (options) => {
    for (const s of steps) options.onStep?.(s);
    return {
      version: "19.0",
      major: 19,
      steps,
      ok: steps.every((s) => s.ok),
      users: {
        integration: { login: "i", uid: 5, apiKey: "k" },
        broader: { login: "b", uid: 6, apiKey: "k" },
      },
    };
  };

describe("pnpm conformance arguments", () => {
  it("lists every missing setting at once and exits 2 with the usage", async () => {
    const result = await run([]);
    expect(result.code).toBe(EXIT.usage);
    for (const flag of [
      "--url",
      "--db",
      "--admin-login",
      "--admin-password",
      "--api-key-command",
    ]) {
      expect(result.stderr).toMatch(
        new RegExp(`${flag} \\(or CONFORMANCE_[A-Z_]+\\) is not set: `),
      );
    }
    expect(result.stderr).toContain("Usage: pnpm conformance");
  });

  it("refuses a key command without {login}, an unknown protocol and a bad URL", async () => {
    const argv = [...ARGS, "--protocols", "xmlrpc,soap"];
    argv[1] = "127.0.0.1:8169";
    argv[9] = "apikey";
    const result = await run(argv);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain(
      '--url must be an absolute http or https URL (got "127.0.0.1:8169")',
    );
    expect(result.stderr).toContain("--api-key-command must be a command containing {login}");
    expect(result.stderr).toContain(
      '--protocols must be a comma-separated list of auto, xmlrpc, json2, each at most once (got "xmlrpc,soap")',
    );
  });

  it("refuses an unknown flag", async () => {
    const result = await run([...ARGS, "--nope"]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain("Unknown option '--nope'");
  });

  it("takes the settings from the environment", async () => {
    const passed = await run([], fakeSuite([step("seed", true)]), {
      CONFORMANCE_URL: "http://127.0.0.1:8166",
      CONFORMANCE_DB: "conf16",
      CONFORMANCE_ADMIN_LOGIN: "admin",
      CONFORMANCE_ADMIN_PASSWORD: "admin",
      CONFORMANCE_API_KEY_COMMAND: "apikey {login}",
    });
    expect(passed.code).toBe(EXIT.ok);
  });

  it("prints the usage for --help", async () => {
    const result = await run(["--help"]);
    expect(result).toMatchObject({
      code: EXIT.ok,
      stdout: expect.stringContaining("--record DIR"),
    });
  });
});

describe("pnpm conformance results", () => {
  it("exits 0 and says so when every step passed", async () => {
    const result = await run(ARGS, fakeSuite([step("seed", true), step("lookup xmlrpc", true)]));
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain("✓ lookup xmlrpc: lookup xmlrpc detail");
    expect(result.stdout).toMatch(
      /conformance on Odoo 19\.0: all 2 steps passed, every expected value matched\n$/,
    );
  });

  it("exits 1 and shows each mismatch under its step", async () => {
    const mismatch = {
      path: "AUR-KIT-0001.product_name",
      expected: "Aurora Room Kit",
      actual: "Aurora Camera",
    };
    const result = await run(
      ARGS,
      fakeSuite([step("seed", true), step("lookup json2", false, [mismatch])]),
    );
    expect(result.code).toBe(EXIT.failed);
    expect(result.stdout).toContain(
      '✗ lookup json2: lookup json2 detail\n    AUR-KIT-0001.product_name: expected "Aurora Room Kit", got "Aurora Camera"',
    );
    expect(result.stdout).toMatch(
      /conformance on Odoo 19\.0: 1 of 2 steps failed, 1 mismatches\n$/,
    );
  });

  it("exits 1 with the reason when a step cannot run, never echoing the admin password", async () => {
    const failing: typeof runSuite = async (options) => {
      options.onStep?.(step("seed", true));
      throw new ConformanceError("CONFORMANCE_API_KEY", "the API key command for x exited 1");
    };
    const result = await run(ARGS, failing);
    expect(result.code).toBe(EXIT.failed);
    expect(result.stdout).toContain(
      "conformance: stopped after 1 steps: CONFORMANCE_API_KEY: the API key command for x exited 1",
    );
    expect(result.stdout + result.stderr).not.toContain("s3cret-admin");
  });

  it("prints every step and mismatch as JSON with --json", async () => {
    const result = await run([...ARGS, "--json"], fakeSuite([step("seed", true)]));
    expect(JSON.parse(result.stdout)).toEqual({
      odoo: "19.0",
      ok: true,
      steps: [step("seed", true)],
    });
  });
});
