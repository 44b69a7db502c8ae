/**
 * The deploy artifact installs exactly what the tests ran: its package-lock.json pins the whole
 * tree of the external dependencies at the workspace's versions and integrities (checked here
 * offline: an `npm ci` would need the registry), and that tree, laid out as `npm ci` lays it,
 * starts the function under its own Functions Framework.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { RunningLocalIssuer } from "@jsm-odoo/local-issuer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  installedLayout,
  type LockEntry,
  type PackageLock,
} from "../../../scripts/lib/artifact-lock.ts";
import { lockProblems } from "../../../scripts/lib/artifact-lock-check.ts";
import { buildTokenArtifact, TOKEN_EXTERNALS } from "../scripts/build.ts";
import { jsonRequest, localEnv, PASSWORD, startLocalIssuer } from "./harness.ts";

let folder: string;
let lock: PackageLock;
let manifest: { dependencies: Record<string, string> };
const copy = <T>(value: T): T => structuredClone(value);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "token-artifact-lock-"));
  await buildTokenArtifact(folder);
  lock = JSON.parse(readFileSync(join(folder, "package-lock.json"), "utf8"));
  manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
}, 60_000);
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("the artifact's package-lock.json", () => {
  it("pins every package of the external tree at the tested version, with pnpm's integrity", () => {
    expect(lock).toMatchObject({ lockfileVersion: 3, requires: true });
    expect(lock.packages[""]).toMatchObject({ dependencies: manifest.dependencies });
    const entries = Object.entries(lock.packages).filter(([path]) => path !== "");
    expect(entries.length).toBeGreaterThan(100);
    for (const [, entry] of entries) {
      expect((entry as LockEntry).integrity).toMatch(/^sha512-/);
      expect((entry as LockEntry).resolved).toMatch(/^https:\/\/registry\.npmjs\.org\//);
    }
    expect(lockProblems(lock, manifest, TOKEN_EXTERNALS)).toEqual([]);
  });

  it.each([
    {
      change: "a transitive package missing (npm would resolve it afresh)",
      edit: (l: PackageLock) => {
        delete l.packages["node_modules/express"];
      },
      problem: /node_modules\/express: in the lock|-> express: not in the lock/,
    },
    {
      change: "another version of a transitive package",
      edit: (l: PackageLock) => {
        (l.packages["node_modules/body-parser"] as LockEntry).version = "2.2.0";
      },
      problem: /node_modules\/body-parser: 2\.2\.0 but the workspace tested/,
    },
    {
      change: "another tarball under the same version",
      edit: (l: PackageLock) => {
        (l.packages["node_modules/express"] as LockEntry).integrity = "sha512-AAAA";
      },
      problem: /node_modules\/express: integrity differs/,
    },
    {
      change: "a root that disagrees with package.json",
      edit: (l: PackageLock) => {
        (l.packages[""] as { dependencies: Record<string, string> }).dependencies[
          "google-auth-library"
        ] = "^11.0.0";
      },
      problem: /root dependencies differ/,
    },
  ])("is found wrong with $change", ({ edit, problem }) => {
    const changed = copy(lock);
    edit(changed);
    expect(lockProblems(changed, manifest, TOKEN_EXTERNALS).join("\n")).toMatch(problem);
  });
});

describe("the tree the lock describes, installed offline as npm ci would", () => {
  let issuer: RunningLocalIssuer;
  let child: ChildProcess | undefined;
  let output = "";

  beforeAll(async () => {
    // Every package copied from the workspace to its lock path: no link back into the workspace.
    for (const [path, dir] of installedLayout(TOKEN_EXTERNALS)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      cpSync(dir, join(folder, path), { recursive: true, dereference: true });
    }
    issuer = await startLocalIssuer();
  }, 60_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      await new Promise((resolve) => {
        child?.once("exit", resolve);
        child?.kill("SIGTERM");
      });
    }
    expect(output).not.toContain(PASSWORD);
    await issuer?.close();
  });

  it("resolves each dependency inside the artifact, at the locked version", () => {
    const framework = join(folder, "node_modules/@google-cloud/functions-framework/package.json");
    const express = createRequire(framework).resolve("express/package.json");
    expect(express.startsWith(folder)).toBe(true);
    const version = JSON.parse(readFileSync(express, "utf8")).version;
    const locked = lock.packages[express.slice(folder.length + 1, -"/package.json".length)];
    expect(version).toBe((locked as LockEntry).version);
  });

  it("starts under its own Functions Framework and serves a token", async () => {
    const main = join(folder, "node_modules/@google-cloud/functions-framework/build/src/main.js");
    child = spawn(process.execPath, [main, "--target=token", `--source=${folder}`, "--port=0"], {
      cwd: folder,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        // Binds 127.0.0.1 and reports the port (the framework listens on every interface).
        NODE_OPTIONS: `--import=${join(import.meta.dirname, "fixtures/loopback-only.mjs")}`,
        ...localEnv(issuer),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const port = /LISTENING (\d+)/.exec(output)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}/`);
        }
      };
      child?.stdout?.on("data", onData);
      child?.stderr?.on("data", onData);
    });
    const response = await jsonRequest(url, { password: PASSWORD, environment: "prod" });
    expect(response.status).toBe(200);
  }, 30_000);
});
