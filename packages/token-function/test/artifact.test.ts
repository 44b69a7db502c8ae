import { type ChildProcess, execFile, spawn } from "node:child_process";
import { access, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { sendWithoutFinishing } from "@jsm-odoo/function-runtime/testing";
import type { RunningLocalIssuer } from "@jsm-odoo/local-issuer";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTokenArtifact } from "../scripts/build.ts";
import {
  jsonRequest,
  LOOKUP_PROD,
  legacyRequest,
  localEnv,
  PASSWORD,
  startLocalIssuer,
} from "./harness.ts";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BINARY = join(PACKAGE_DIR, "node_modules/.bin/functions-framework");
const PRELOAD = join(PACKAGE_DIR, "test/fixtures/loopback-only.mjs");
const run = promisify(execFile);

interface Started {
  url: string;
  process: ChildProcess;
  output: () => string;
}

/** `functions-framework --target=token --source=<dir>` with only the given environment. */
function startBinary(source: string, env: Record<string, string | undefined>): Promise<Started> {
  const child = spawn(BINARY, ["--target=token", `--source=${source}`, "--port=0"], {
    cwd: source,
    env: {
      // The pinned Node 24 first: the shim runs whatever `node` is on PATH.
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      NODE_ENV: "production",
      NODE_OPTIONS: `--import=${PRELOAD}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`binary did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /LISTENING (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolvePromise({ url: `http://127.0.0.1:${port}/`, process: child, output: () => output });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`binary exited with ${code}:\n${output}`)));
  });
}

function stop(started: Started | undefined): Promise<void> {
  if (!started || started.process.exitCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    started.process.once("exit", () => resolvePromise());
    started.process.kill("SIGTERM");
  });
}

describe("deploy artifact started by the functions-framework binary from a clean folder", () => {
  let folder: string;
  let issuer: RunningLocalIssuer;
  let local: Started | undefined;
  let cloud: Started | undefined;
  const tokens: string[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "token-artifact-"));
    await buildTokenArtifact(folder);
    issuer = await startLocalIssuer();
    const env = { ...localEnv(issuer), SECRETS_ENV_FILE: join(folder, ".env") };
    [local, cloud] = await Promise.all([
      startBinary(folder, env),
      // Google Cloud mode in the same clean folder: the Secret Manager client is not installed
      // there, so this proves nothing resolves from the workspace (and that it fails softly).
      startBinary(folder, { ...env, SECRETS_SOURCE: "secret-manager", ACCESS_PASSWORD: undefined }),
    ]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([stop(local), stop(cloud)]);
    // Everything both processes wrote: no password, no token.
    for (const output of [local?.output() ?? "", cloud?.output() ?? ""]) {
      expect(output).not.toContain(PASSWORD);
      for (const token of tokens) expect(output).not.toContain(token.split(".")[2]);
    }
    await issuer?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("holds only the bundle, its package.json and package-lock.json, outside the workspace", async () => {
    expect((await readdir(folder)).sort()).toEqual([
      "index.js",
      "package-lock.json",
      "package.json",
    ]);
    expect(folder.startsWith(resolve(PACKAGE_DIR, "../.."))).toBe(false);
    await expect(access(join(folder, "node_modules"))).rejects.toThrow();
  });

  it("serves a real token request in both contracts with local secrets and the local issuer", async () => {
    const json = await jsonRequest(local?.url ?? "", { password: PASSWORD, environment: "prod" });
    expect(json.status).toBe(200);
    const { token } = (await json.json()) as { token: string };
    tokens.push(token);
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUrl)), {
      issuer: issuer.issuer,
      audience: LOOKUP_PROD,
      algorithms: ["ES256"],
    });
    expect(payload.email).toBe("odoo-trigger-prod@demo.iam.gserviceaccount.com");

    const legacy = await legacyRequest(local?.url ?? "", {
      password: PASSWORD,
      environment: "Prod",
    });
    expect([legacy.status, await legacy.text()]).toEqual([200, token]);
  });

  it.each([
    {
      refused: "malformed JSON (a smart value with a quote in it)",
      contentType: "application/json",
      status: 400,
      code: "INVALID_JSON",
    },
    {
      refused: "an unsupported charset",
      contentType: "application/json; charset=klingon",
      status: 415,
      code: "UNSUPPORTED_CHARSET",
    },
  ])("answers $refused with $status $code as JSON, password kept out of the logs", async (row) => {
    // Refused by the framework's body parser before `token` runs (answerFrameworkBodyErrors).
    const res = await jsonRequest(
      local?.url ?? "",
      `{"password": "${PASSWORD}", "environment": "pr"od"}`,
      { "content-type": row.contentType },
    );
    const text = await res.text();
    expect(res.status).toBe(row.status);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(JSON.parse(text)).toEqual({
      message: expect.any(String),
      error: { code: row.code, message: JSON.parse(text).message },
    });
    expect(text).not.toMatch(/<html|\bat \w|\.js:\d|password/i);
    await new Promise((resolveLater) => setTimeout(resolveLater, 100));
    expect(local?.output()).toContain(`"code":"${row.code}"`);
    expect(local?.output()).not.toContain("Express of the Functions Framework not found");
  });

  it("refuses a body declared over its limit before the framework buffers and parses it", async () => {
    const answer = await sendWithoutFinishing(local?.url ?? "", {
      "content-type": "application/json",
      "content-length": 32 * 1024 * 1024,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe("BODY_TOO_LARGE");
  });

  it("answers a path that cannot be percent-decoded with a JSON 400, not Express's HTML page", async () => {
    // Express's router refuses it before the function runs (URIError); function-runtime answers.
    const res = await fetch(`${local?.url}%E0%A4%A`, { method: "POST" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toMatchObject({ error: { code: "INVALID_PATH" } });
  });

  it("falls back to the log guard, and says so once, where the framework's Express is not found", async () => {
    // Plain node importing the bundle in its clean folder: no framework binary, no node_modules.
    const entry = pathToFileURL(join(folder, "index.js")).href;
    const { stdout } = await run(
      process.execPath,
      ["--input-type=module", "-e", `await import(${JSON.stringify(entry)})`],
      { cwd: folder, env: { ...localEnv(issuer), PATH: "/usr/bin:/bin" } },
    );
    const notices = stdout
      .split("\n")
      .filter((line) => line.includes("Express of the Functions Framework not found"));
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0] ?? "")).toMatchObject({ severity: "NOTICE" });
  });

  it("answers 503 (not a crash) when Secret Manager's client cannot be loaded", async () => {
    const res = await jsonRequest(cloud?.url ?? "", { password: PASSWORD, environment: "prod" });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: "SERVICE_UNAVAILABLE", message: "The service is not available." },
    });
    const output = cloud?.output() ?? "";
    expect(output).toContain('"message":"cannot read the access password"');
    expect(output).toContain('"code":"ERR_MODULE_NOT_FOUND"');
  });
});
