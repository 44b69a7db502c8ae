import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { passwordWeakness } from "@jsm-odoo/token-function";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../src/args.ts";
import { runPasswordCommand } from "../src/password.ts";

function run(argv: string[]) {
  const out = { stdout: "", stderr: "" };
  const code = runPasswordCommand(argv, {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
  });
  return { code, ...out };
}

describe("pnpm ops password", () => {
  it("prints only a fresh 43-character base64url password the token function accepts", () => {
    const first = run([]);
    const second = run([]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(second.stdout).not.toBe(first.stdout);
    expect(passwordWeakness(first.stdout.trim())).toBeUndefined();
  });

  it("refuses arguments with usage on stderr and exit 2, and shows usage on --help", () => {
    expect(run(["--length", "8"])).toMatchObject({ code: 2, stdout: "" });
    expect(() => parseCommandLine(["password", "--env", "prod"])).toThrow(
      "password takes no arguments",
    );
    expect(run(["--help"]).stdout).toContain("pnpm ops password");
  });

  it("runs from the command line as `ops password`", async () => {
    const cli = join(import.meta.dirname, "../src/cli.ts");
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "password"]);
    expect(stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
  }, 20_000);
});
