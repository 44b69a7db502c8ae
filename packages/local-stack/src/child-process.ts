/**
 * One deploy artifact started by the real Functions Framework binary in a child process
 * (`functions-framework --target=<kind> --source=<artifact> --port=<port>`, run by this Node), so
 * it starts exactly as in Google Cloud: from its own folder, with the entry module's body limit
 * and JSON refusals installed. A crash or a leak shows as a dead child or a line of its output.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { FunctionEnv } from "./function-env.ts";
import { loopbackUrl } from "./ports.ts";

export type FunctionKind = "token" | "lookup";

/** The framework's CLI entry, at the version the functions pin. */
const FRAMEWORK = join(
  dirname(createRequire(import.meta.url).resolve("@google-cloud/functions-framework")),
  "main.js",
);

// Whatever ends this process, no function child may outlive it.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGTERM");
});

export interface ChildFunction {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Lines the child wrote so far (its structured logs, and anything Node printed). */
  stdout: string[];
  stderr: string[];
  alive(): boolean;
  /** From now on, print each new line, prefixed with `[name]`. */
  follow(name: string): void;
  /** Peak resident memory in KiB (`VmHWM` of /proc/<pid>/status), if readable. */
  peakRssKb(): number | undefined;
  /** Current resident memory in KiB (`VmRSS`), if readable. */
  rssKb(): number | undefined;
  stop(): Promise<void>;
}

export function startChildFunction(
  kind: FunctionKind,
  source: string,
  port: number,
  env: FunctionEnv,
  onLine: (line: string) => void,
): ChildFunction {
  const child = spawn(
    process.execPath,
    [FRAMEWORK, `--target=${kind}`, `--source=${source}`, `--port=${port}`],
    {
      cwd: source,
      env: { PATH: process.env.PATH, NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  let following: string | undefined;
  const collect = (target: string[]) =>
    splitLines((line) => {
      target.push(line);
      onLine(line);
      if (following !== undefined) console.log(`[${following}] ${line}`);
    });
  child.stdout?.on("data", collect(stdout));
  child.stderr?.on("data", collect(stderr));
  const pid = child.pid ?? -1;
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url: loopbackUrl(port),
    pid,
    child,
    stdout,
    stderr,
    alive,
    follow(name) {
      following = name;
    },
    peakRssKb: () => readStatusKb(pid, "VmHWM"),
    rssKb: () => readStatusKb(pid, "VmRSS"),
    async stop() {
      if (alive()) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Waits until the child answers HTTP at all; fails early if it exits. An answer is only trusted
 * while the child is alive: a child that could not bind its port exits (the Functions Framework
 * has no listen error handler), and the answer came from someone else. The framework prints
 * nothing when it listens under NODE_ENV=production.
 */
export async function waitUntilServing(
  name: string,
  fn: ChildFunction,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  const output = () => [...fn.stdout, ...fn.stderr].join("\n");
  for (;;) {
    if (!fn.alive()) throw new Error(`${name} exited before serving:\n${output()}`);
    const answered = await fetch(fn.url, { method: "GET", signal: AbortSignal.timeout(500) })
      .then(() => true)
      .catch(() => false);
    if (answered) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (fn.alive()) return;
      throw new Error(`${name} exited; another process answers on ${fn.url}`);
    }
    if (Date.now() > until) throw new Error(`${name} did not start in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function splitLines(onLine: (line: string) => void): (chunk: Buffer) => void {
  let partial = "";
  return (chunk) => {
    const parts = (partial + chunk.toString("utf8")).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) if (line !== "") onLine(line);
  };
}

function readStatusKb(pid: number, field: "VmHWM" | "VmRSS"): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(
      new RegExp(`^${field}:\\s+(\\d+) kB`, "m"),
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
