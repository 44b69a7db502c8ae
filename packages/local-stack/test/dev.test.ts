/**
 * `pnpm dev` end to end: builds both artifacts, starts everything, runs the JSM demo requests.
 * The demo runs on fixed ports, as the README's quick start does (ports found free just before);
 * the other cases use 0 (free ones) so that they never collide with another run.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingHttpHeaders } from "node:http";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tryItCommands } from "../src/dev/demo.ts";

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

/** Runs a command, collecting stdout and stderr together. */
function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { exited, output: () => output };
}

/** A port nothing listens on right now. */
async function freePort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return String(port);
}

describe("pnpm dev", () => {
  it("runs the demo on fixed ports in both contracts and exits 0 with DEV_EXIT_AFTER_DEMO=1", async () => {
    const ports = {
      EMULATOR_PORT: await freePort(),
      ISSUER_PORT: await freePort(),
      TOKEN_PORT: await freePort(),
      LOOKUP_PORT: await freePort(),
      LOOKUP_STAGE_PORT: await freePort(),
    };
    const dev = start(join(TOOLS_BIN, "pnpm"), ["-s", "dev"], {
      cwd: ROOT,
      env: { ...env, ...ports, DEV_EXIT_AFTER_DEMO: "1" },
    });
    const code = await dev.exited;
    const output = dev.output();
    expect(output).toContain("Demo: every request answered as expected.");
    // No fixed demo password: one drawn for this run, printed, and accepted by the token function.
    expect(output).toMatch(/\(password [A-Za-z0-9_-]{43}, generated for this run\)/);
    expect(output).not.toContain("dev-demo-Qm9yZGVyQ29sbGllLTEyOC1iaXQ");
    expect(output).toContain('"SalesOrdernumber": "S00012"');
    // The custom x_tracking_no the demo maps to Trackingnumber.
    expect(output).toContain('"Trackingnumber": "TRK-NO-558201"');
    expect(output).toContain("webResponse.status: 403");
    // The servers are gone when it exits: no commands to paste that could only fail.
    expect(output).not.toContain("Try it yourself");
    expect(output).not.toContain("curl -s");
    expect(code).toBe(0);
    // Stopped cleanly: none of the functions it started still answers (Ctrl-C takes the same path).
    const urls = [...output.matchAll(/^(?:Token function|Lookup prod|Lookup stage)\s+(\S+)/gm)].map(
      (m) => m[1],
    );
    expect(urls).toHaveLength(3);
    for (const url of urls) await expect(fetch(url ?? "")).rejects.toThrow();
  }, 60_000);
});

describe("pnpm dev with a function setting the function refuses", () => {
  it("prints the function's own reason before the demo fails", async () => {
    const dev = start(join(TOOLS_BIN, "pnpm"), ["-s", "dev"], {
      cwd: ROOT,
      env: { ...env, EXTRA_FIELDS: "{bad", DEV_EXIT_AFTER_DEMO: "1" },
    });
    const code = await dev.exited;
    const output = dev.output();
    expect(output).toMatch(
      /\[lookup-prod\] lookup function is not configured; every request answers 503: .*EXTRA_FIELDS: Extra fields configuration is not valid JSON/,
    );
    expect(output).toContain("Demo: some requests did NOT answer as expected");
    expect(code).toBe(1);
  }, 60_000);
});

describe("pnpm dev with a setting the user can fix", () => {
  const dir = mkdtempSync(join(tmpdir(), "dev-settings-"));
  let held: Server;
  let heldPort = 0;
  beforeAll(async () => {
    writeFileSync(join(dir, "broken.json"), "{not json");
    writeFileSync(join(dir, "invalid.json"), JSON.stringify({ db: "", users: [] }));
    held = createServer();
    await new Promise<void>((done) => held.listen(0, "127.0.0.1", done));
    heldPort = (held.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((done) => held.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  // Every case fails before the build: one line naming the setting, exit 2, no stack trace.
  const cases: [string, () => Record<string, string>, RegExp][] = [
    [
      "a missing EMULATOR_DATA file",
      () => ({ EMULATOR_DATA: "nope.json" }),
      /^pnpm dev: cannot read EMULATOR_DATA nope\.json: no such file$/,
    ],
    [
      "an EMULATOR_DATA file that is not JSON",
      () => ({ EMULATOR_DATA: join(dir, "broken.json") }),
      /^pnpm dev: EMULATOR_DATA .*broken\.json is not valid JSON/,
    ],
    [
      "an EMULATOR_DATA fixture the emulator rejects",
      () => ({ EMULATOR_DATA: join(dir, "invalid.json") }),
      /^pnpm dev: EMULATOR_DATA .*invalid\.json is not a valid fixture: db: expected a non-empty string$/,
    ],
    [
      "an ACCESS_PASSWORD the token function would refuse",
      () => ({ ACCESS_PASSWORD: "secret" }),
      /^pnpm dev: ACCESS_PASSWORD is refused: the access password carries about 36 bits/,
    ],
    [
      "a TOKEN_PORT another process listens on",
      () => ({ TOKEN_PORT: String(heldPort) }),
      /^pnpm dev: port \d+ \(TOKEN_PORT\) is in use; set TOKEN_PORT to a free port or 0$/,
    ],
    ["an unknown ODOO_VERSION", () => ({ ODOO_VERSION: "13" }), /^pnpm dev: ODOO_VERSION must be/],
    [
      "a port that is no port and an unknown ODOO_VERSION, both at once",
      () => ({ TOKEN_PORT: "80a", ODOO_VERSION: "13" }),
      /^pnpm dev: TOKEN_PORT must be an integer from 0 to 65535.*; ODOO_VERSION must be one of 14, .*\(got "13"\)$/,
    ],
  ];
  it.each(cases)("explains %s in one line and exits 2", async (_, settings, message) => {
    const dev = start(process.execPath, [join(ROOT, "packages/local-stack/src/dev/cli.ts")], {
      cwd: ROOT,
      env: { ...env, ...settings() },
    });
    const code = await dev.exited;
    const output = dev.output().trim();
    expect(output).toMatch(message);
    expect(output.split("\n")).toHaveLength(1);
    expect(output).not.toContain("secret");
    expect(code).toBe(2);
  });
});

describe("the ready-to-paste curl commands", () => {
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createHttpServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      seen.push({ headers: request.headers, body });
      response.end("the-token");
    });
  });
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise((done) => server.close(done)));

  it("send the password from the user's shell, which they never print", async () => {
    const password = "user-Own-Password-0123456789";
    const commands = tryItCommands({
      tokenUrl: url,
      lookupUrl: { prod: url, stage: url },
      password,
      passwordIsDemo: false,
      serial: "SN-'quoted'",
    });
    expect(commands.join("\n")).not.toContain(password);
    await promisify(execFile)("sh", ["-c", commands.join("\n")], {
      env: { PATH: process.env.PATH, ACCESS_PASSWORD: password },
    });
    expect(seen.map((request) => request.headers.password)).toEqual([
      password,
      undefined,
      undefined,
    ]);
    expect(seen[1]?.headers.authorization).toBe("Bearer the-token");
    expect(JSON.parse(seen[1]?.body ?? "")).toEqual({ fields: { serialnumber: "SN-'quoted'" } });
    expect(JSON.parse(seen[2]?.body ?? "")).toEqual({ password, environment: "stage" });
  });
});
