import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DEMO } from "../src/index.ts";
import { integration, xmlCall } from "./helpers.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const children = new Set<ChildProcess>();
const emulatorPids = new Set<number>();
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const pid of emulatorPids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone, as it should be
    }
  }
});

const run = (args: string[]) => {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return { child, stderr: () => stderr };
};

const firstLine = async (child: ChildProcess): Promise<Record<string, unknown>> => {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  const info = JSON.parse(line);
  emulatorPids.add(info.pid);
  return info;
};

const exitOf = async (child: ChildProcess) => {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
};

describe("pnpm -s emulator", () => {
  it("serves the demo data on a free port, prints one JSON line and stops on SIGTERM", async () => {
    const { child } = run(["--port", "0", "--odoo-version", "16", "--latency-ms", "1"]);
    const info = await firstLine(child);
    expect(info).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      port: expect.any(Number),
      db: DEMO.db,
      odoo_version: 16,
      demo: true,
      pid: child.pid,
    });
    const uid = await xmlCall(info.url as string, "common", "authenticate", [
      DEMO.db,
      integration.login,
      integration.password,
      {},
    ]);
    expect(uid.value).toBe(integration.id);
    child.kill("SIGTERM");
    expect(await exitOf(child)).toBe(0);
  });

  it("stops when its parent dies (pnpm does not forward SIGTERM to scripts)", async () => {
    // `; true` keeps sh from exec-ing node, so node is sh's child as under `pnpm -s emulator`.
    const shell = spawn("sh", ["-c", `"${process.execPath}" "${cli}" --port 0; true`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(shell);
    const info = await firstLine(shell);
    shell.kill("SIGKILL");
    await vi.waitFor(
      async () => {
        await expect(fetch(`${info.url}/xmlrpc/2/common`, { method: "POST" })).rejects.toThrow(
          /fetch failed/,
        );
      },
      { timeout: 5_000, interval: 200 },
    );
  });

  it("serves a fixture file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "odoo-emulator-"));
    const file = join(dir, "fixture.json");
    writeFileSync(
      file,
      JSON.stringify({
        db: "tiny",
        users: [{ id: 2, login: "u", password: "p", read: ["*"] }],
        records: { "res.country": [{ id: 1, name: "Norway", code: "NO" }] },
      }),
    );
    const { child } = run(["--data", file, "--port", "0"]);
    const info = await firstLine(child);
    expect(info).toMatchObject({ db: "tiny", odoo_version: 17, demo: false });
    const countries = await xmlCall(info.url as string, "object", "execute_kw", [
      "tiny",
      2,
      "p",
      "res.country",
      "search_read",
      [[]],
      { fields: ["code"] },
    ]);
    expect(countries.value).toEqual([{ id: 1, code: "NO" }]);
    child.kill("SIGTERM");
    expect(await exitOf(child)).toBe(0);
  });

  it.each([
    [
      "an unsupported version",
      ["--odoo-version", "13"],
      /--odoo-version must be an integer from 14 to 19: the Odoo version to behave as \(got "13"\)/,
    ],
    ["an unknown option", ["--verbose"], /Unknown option '--verbose'/],
    ["a bad port", ["--port", "http"], /--port must be an integer from 0 to 65535/],
    [
      "a missing fixture file",
      ["--data", "/nonexistent/fixture.json"],
      /--data: cannot read \/nonexistent\/fixture.json: ENOENT/,
    ],
  ])("exits 2 with a clear message for %s", async (_title, args, message) => {
    const { child, stderr } = run(args);
    expect(await exitOf(child)).toBe(2);
    expect(stderr()).toMatch(message);
    expect(stderr()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("exits 2 listing every problem of an invalid fixture", async () => {
    const dir = mkdtempSync(join(tmpdir(), "odoo-emulator-"));
    const file = join(dir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({
        db: "x",
        records: {
          "stock.production.lot": [{ id: 1 }],
          "res.partner": [{ id: 1, nickname: "x", country_id: 9 }],
        },
      }),
    );
    const { child, stderr } = run(["--data", file]);
    expect(await exitOf(child)).toBe(2);
    expect(stderr()).toContain("invalid fixture");
    expect(stderr()).toContain(
      "records: unknown model 'stock.production.lot' (fixtures use the newest names: stock.lot)",
    );
    expect(stderr()).toContain(
      "records.res.partner[0] (id 1): unknown field 'nickname' on model 'res.partner'",
    );
    expect(stderr()).toContain(
      "records.res.partner[0] (id 1).country_id: no res.country record with id 9",
    );
  });
});
