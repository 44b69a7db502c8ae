/**
 * `pnpm dev` end to end: builds both artifacts, starts everything, runs the JSM demo requests.
 * All ports are 0 (free ones) so that it never collides with another run.
 */
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { start } from "./helpers/process.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const TOOLS_BIN = join(ROOT, ".tools/node_modules/.bin");
const env = {
  PATH: `${TOOLS_BIN}:${process.env.PATH}`,
  HOME: process.env.HOME,
  EMULATOR_PORT: "0",
  ISSUER_PORT: "0",
  TOKEN_PORT: "0",
  LOOKUP_PORT: "0",
  LOOKUP_STAGE_PORT: "0",
};

describe("pnpm dev", () => {
  it("runs the demo in both contracts and exits 0 with DEV_EXIT_AFTER_DEMO=1", async () => {
    const dev = start(join(TOOLS_BIN, "pnpm"), ["-s", "dev"], {
      cwd: ROOT,
      env: { ...env, DEV_EXIT_AFTER_DEMO: "1" },
    });
    const code = await dev.exited;
    const output = dev.output();
    expect(output).toContain("Demo: every request answered as expected.");
    expect(output).toContain('"SalesOrdernumber": "S00012"');
    // The custom x_tracking_no the demo maps to Trackingnumber.
    expect(output).toContain('"Trackingnumber": "TRK-NO-558201"');
    expect(output).toContain("webResponse.status: 403");
    expect(output).toMatch(/TOKEN=\$\(curl -s -X POST http:\/\/127\.0\.0\.1:\d+\//);
    expect(code).toBe(0);
    // Stopped cleanly: none of the functions it started still answers (Ctrl-C takes the same path).
    const urls = [...output.matchAll(/^(?:Token function|Lookup prod|Lookup stage)\s+(\S+)/gm)].map(
      (m) => m[1],
    );
    expect(urls).toHaveLength(3);
    for (const url of urls) await expect(fetch(url ?? "")).rejects.toThrow();
  }, 60_000);
});
