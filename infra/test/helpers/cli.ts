/**
 * Running the infra CLIs as the operator does (a Node process each), with a stand-in terraform
 * that records where and how it was called, and a stand-in Cloud Storage JSON API for the
 * state reads. Asynchronous on purpose: the stand-in API lives in this process.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const INFRA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: INFRA_DIR,
      env: { PATH: process.env.PATH, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** A terraform that appends `<cwd>|<args>` to a log; `calls()` reads it back. */
export function fakeTerraform(work: string) {
  const log = join(work, "terraform-calls.log");
  const bin = join(work, "terraform");
  writeFileSync(bin, `#!/bin/sh\necho "$PWD|$*" >> "${log}"\n`);
  chmodSync(bin, 0o755);
  return {
    bin,
    calls: (): string[] =>
      existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : [],
    reset: () => writeFileSync(log, ""),
  };
}

/** Objects the stand-in storage API knows: object name -> Terraform state JSON. */
export interface FakeStorage {
  url: string;
  objects: Map<string, object>;
  /** Answer every request with this status instead (e.g. 403). */
  failWith?: number;
  /** Authorization headers seen. */
  tokens: string[];
  close(): Promise<void>;
}

export async function startFakeStorage(): Promise<FakeStorage> {
  const storage: FakeStorage = {
    url: "",
    objects: new Map(),
    tokens: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    storage.tokens.push(req.headers.authorization ?? "");
    const url = new URL(req.url ?? "/", "http://storage.test");
    const match = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)$/.exec(url.pathname);
    if (storage.failWith) {
      res.writeHead(storage.failWith).end("{}");
      return;
    }
    const object = match
      ? storage.objects.get(
          `${decodeURIComponent(match[1] ?? "")}/${decodeURIComponent(match[2] ?? "")}`,
        )
      : undefined;
    if (!object) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":404}}');
      return;
    }
    const body = url.searchParams.get("alt") === "media" ? object : { name: match?.[2] };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  storage.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return storage;
}

/** A Terraform state holding `managed` resources (and a data source, which does not count). */
export function stateWith(managed: number): object {
  return {
    version: 4,
    resources: [
      { mode: "data", type: "google_project", name: "project" },
      ...Array.from({ length: managed }, (_, i) => ({ mode: "managed", type: "x", name: `r${i}` })),
    ],
  };
}
