/**
 * `pnpm -s emulator:calibrate` and `emulator:seed-real` refuse bad flags before they touch a
 * server: every problem in one line with the usage, exit 2.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = async (script: string, args: string[]) => {
  const path = fileURLToPath(new URL(`../scripts/${script}`, import.meta.url));
  try {
    await promisify(execFile)(process.execPath, [path, ...args]);
    return { code: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
};

describe("the real-Odoo scripts' flags", () => {
  it("calibrate names every missing or out-of-range flag in one line, exit 2", async () => {
    const { code, stderr } = await run("calibrate.ts", ["--url", "nope", "--iterations", "2"]);
    expect(code).toBe(2);
    const [problems, usage] = stderr.trim().split("\n");
    expect(problems).toBe(
      'emulator:calibrate: invalid options: --url must be an absolute http or https URL (got "nope"); --db is not set: its database; --user is not set: a login that reads the seeded data; --password is not set: its password or API key; --iterations must be an integer from 5 to 1000 (got "2")',
    );
    expect(usage).toMatch(/^usage: pnpm -s emulator:calibrate /);
  });

  it("seed-real refuses more serials than it seeds, with the missing flags, exit 2", async () => {
    const { code, stderr } = await run("seed-real-odoo.ts", ["--serials", "51"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--serials must be an integer from 1 to 50 (got "51")');
    expect(stderr).toContain("--url is not set: the Odoo to seed");
    expect(stderr).toMatch(/usage: pnpm -s emulator:seed-real /);
  });
});
