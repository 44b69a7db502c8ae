/** Child processes of `pnpm dev`: one Functions Framework server per function artifact. */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  exited(): boolean;
  /** From now on, print the function's log lines, prefixed with its name. */
  follow(): void;
  /** Error entries logged so far (e.g. a configuration problem at start), one line each. */
  errors(): string[];
  stop(): Promise<void>;
}

/**
 * `functions-framework --target=<name> --source=<artifact> --port=<port>`, run by this Node
 * (the pinned 24) so the artifact starts exactly as in Google Cloud: from its own folder.
 */
export function startFunction(
  name: string,
  framework: string,
  source: string,
  port: number,
  env: Record<string, string | undefined>,
): Service {
  const target = name.startsWith("lookup") ? "lookup" : "token";
  const child = spawn(
    process.execPath,
    [framework, `--target=${target}`, `--source=${source}`, `--port=${port}`],
    { cwd: source, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let buffered = "";
  let following = false;
  const onData = (chunk: Buffer) => {
    if (following) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        console.log(`[${name}] ${line}`);
      }
    } else {
      buffered += chunk.toString("utf8");
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exit = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    name,
    url: `http://127.0.0.1:${port}/`,
    child,
    output: () => buffered,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    follow() {
      following = true;
    },
    errors: () => errorLines(buffered),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exit;
    },
  };
}

/**
 * Waits until the service answers HTTP at all; fails early if its process exits. An answer is
 * only trusted while our child is alive: a child that could not bind its port exits (the
 * Functions Framework has no listen error handler), and the answer came from someone else.
 * The Functions Framework prints nothing when it listens under NODE_ENV=production.
 */
export async function waitUntilServing(service: Service, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (service.exited()) throw new Error(`${service.name} exited before serving`);
    const answered = await fetch(service.url, { method: "GET", signal: AbortSignal.timeout(500) })
      .then(() => true)
      .catch(() => false);
    if (answered) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!service.exited()) return;
      throw new Error(`${service.name} exited; another process answers on ${service.url}`);
    }
    if (Date.now() > until) throw new Error(`${service.name} did not start in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A free loopback port, for a `*_PORT=0` setting (the Functions Framework needs a number). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no free port");
  return address.port;
}

const ERROR_SEVERITIES = new Set(["ERROR", "CRITICAL", "ALERT", "EMERGENCY"]);

/** The function's JSON log entries of severity ERROR or worse, as `message: error message`. */
function errorLines(output: string): string[] {
  const lines: string[] = [];
  for (const line of output.split("\n")) {
    let entry: { severity?: unknown; message?: unknown; error?: { message?: unknown } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (!ERROR_SEVERITIES.has(String(entry.severity))) continue;
    const detail = typeof entry.error?.message === "string" ? `: ${entry.error.message}` : "";
    lines.push(`${String(entry.message)}${detail}`.replaceAll("\n", " "));
  }
  return lines;
}
