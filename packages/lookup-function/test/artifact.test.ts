/**
 * The deploy artifact starts from a clean folder: built into a temp directory outside the
 * repository (no node_modules, no workspace), started by the Functions Framework binary like
 * Cloud Functions does, and answering a real lookup against the emulator.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sendWithoutFinishing } from "@jsm-odoo/function-runtime/testing";
import { type RunningLocalIssuer, signTestToken, startLocalIssuer } from "@jsm-odoo/local-issuer";
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockProblems } from "../../../scripts/lib/artifact-lock-check.ts";
import { buildLookupArtifact, LOOKUP_EXTERNALS } from "../scripts/build.ts";
import { createContractValidator, observe } from "../src/contract.ts";
import { LOOKUP_TARGET } from "../src/deployment.ts";
import { freePort, type Spawned, start, waitForHttp } from "./helpers/process.ts";

const AUDIENCE = "https://europe-west1-acme.cloudfunctions.net/jsm-odoo-lookup-prod";
const TRIGGER = "odoo-trigger-prod@acme.iam.gserviceaccount.com";
/** The `functions-framework` binary of the workspace (build/src/main.js next to index.js). */
const FRAMEWORK_MAIN = join(
  dirname(createRequire(import.meta.url).resolve("@google-cloud/functions-framework")),
  "main.js",
);

let folder: string;
let emulator: RunningEmulator;
let issuer: RunningLocalIssuer;
let fn: Spawned;
let url: string;
let startupMs: number;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "lookup-artifact-"));
  await buildLookupArtifact(folder);
  [emulator, issuer] = await Promise.all([startEmulator(), startLocalIssuer()]);
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  const started = performance.now();
  fn = start(
    process.execPath,
    [FRAMEWORK_MAIN, `--target=${LOOKUP_TARGET}`, `--source=${folder}`, `--port=${port}`],
    {
      cwd: folder,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        ENVIRONMENT: "prod",
        SECRETS_SOURCE: "env",
        EXPECTED_AUDIENCE: AUDIENCE,
        TRIGGER_ACCOUNT: TRIGGER,
        TOKEN_VERIFICATION: "jwks",
        JWKS_URL: issuer.jwksUrl,
        TOKEN_ISSUER: issuer.issuer,
        ODOO_PROD_SERVER: emulator.url,
        ODOO_PROD_DB: emulator.db,
        ODOO_PROD_USER: DEMO.users.integration.login,
        ODOO_PROD_PASS: DEMO.users.integration.apiKey,
      },
    },
  );
  await waitForHttp(url, 15_000, fn);
  startupMs = performance.now() - started;
}, 30_000);

afterAll(async () => {
  await fn?.stop();
  await Promise.all([emulator?.close(), issuer?.close()]);
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe("the deploy artifact", () => {
  it("holds index.js and a package.json pinning the external runtime dependencies", async () => {
    const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8"));
    expect(manifest).toMatchObject({
      main: "index.js",
      type: "module",
      dependencies: {
        "@google-cloud/functions-framework": "5.0.5",
        "@google-cloud/secret-manager": "7.2.0",
      },
    });
  });

  it("pins the whole external tree at the tested versions in package-lock.json (npm ci)", async () => {
    const lock = JSON.parse(await readFile(join(folder, "package-lock.json"), "utf8"));
    const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8"));
    expect(Object.keys(lock.packages).length).toBeGreaterThan(100);
    expect(lockProblems(lock, manifest, LOOKUP_EXTERNALS)).toEqual([]);
    // A range anywhere in the tree would be pinned only by the lock: it must be there.
    expect(lock.packages["node_modules/express"]).toMatchObject({
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      integrity: expect.stringMatching(/^sha512-/),
    });
  });

  it("starts from a clean folder and answers a real lookup", async () => {
    console.log(`artifact started in ${startupMs.toFixed(0)} ms`);
    const token = await signTestToken(issuer, {
      aud: AUDIENCE,
      email: TRIGGER,
      email_verified: true,
    });
    const response = await observe(
      await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ fields: { serialnumber: DEMO.serials.kit } }),
      }),
    );
    expect(createContractValidator().check("lookupSerials", response)).toEqual([]);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      Productdescription: "Huddly L1 Kit",
      message: "Serial number found",
    });
    expect(fn.output()).not.toContain(token);
    expect(fn.output()).not.toContain(DEMO.users.integration.apiKey);
  });

  it("refuses malformed JSON with the JSON error, not the framework's HTML", async () => {
    const response = await observe(
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      }),
    );
    expect(createContractValidator().check("lookupSerials", response)).toEqual([]);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe("INVALID_JSON");
  });

  it("refuses a body declared over its limit before the framework reads it", async () => {
    const answer = await sendWithoutFinishing(url, {
      "content-type": "application/json",
      "content-length": 32 * 1024 * 1024,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe("BODY_TOO_LARGE");
  });

  it("logs one JSON object per line", () => {
    const lines = fn.output().trim().split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
