/**
 * The deploy artifact starts from a clean folder: built into a temp directory outside the
 * repository (no node_modules, no workspace), started by the Functions Framework binary like
 * Cloud Functions does, and answering a real lookup against the emulator.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sendWithoutFinishing } from "@jsm-odoo/function-runtime/testing";
import { LOOKUP_EXTERNALS } from "@jsm-odoo/lookup-function/build";
import { createContractValidator, observe } from "@jsm-odoo/lookup-function/contract";
import { DEMO } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockProblems } from "../../../../scripts/lib/artifact-lock-check.ts";
import { type FunctionProcess, type ProcessStack, startLocalStack } from "../../src/testing.ts";

// The artifact as the build script makes it, started from its own folder by the framework
// binary: the local stack in child processes, prod only.
let stack: ProcessStack;
let fn: FunctionProcess;
let folder: string;
let url: string;
let startupMs: number;
const output = () => [...fn.stdout, ...fn.stderr].join("\n");

beforeAll(async () => {
  stack = await startLocalStack({ run: "processes", environments: ["prod"], lookups: [] });
  folder = stack.artifacts.lookup;
  const started = performance.now();
  fn = await stack.startLookup("prod");
  startupMs = performance.now() - started;
  url = fn.url;
}, 60_000);

afterAll(() => stack?.close());

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
    const token = await stack.signToken("prod");
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
    expect(output()).not.toContain(token);
    expect(output()).not.toContain(DEMO.users.integration.apiKey);
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
    const lines = output().trim().split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
