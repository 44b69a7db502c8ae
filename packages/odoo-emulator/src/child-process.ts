/**
 * Runs the emulator in its own Node process (its CLI, `pnpm -s emulator`), so its CPU work does
 * not share the caller's event loop: a benchmark's figures then show waiting on Odoo, not its own
 * queue. (`@jsm-odoo/odoo-emulator/child-process`; the local stack runs the emulator in process.)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Fixture } from "./fixture.ts";
import type { OdooVersion } from "./schema/index.ts";

const EMULATOR_CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));

export interface EmulatorProcess {
  url: string;
  db: string;
  close(): Promise<void>;
}

export interface EmulatorProcessOptions {
  fixture: Fixture;
  odooVersion: OdooVersion;
  /** Added to every request (default 0). */
  latencyMs?: number;
  /** Milliseconds each request holds a worker, or `real` (the calibrated model); default "0". */
  serverMs?: string;
  /** Workers serving requests (default 0: no limit). */
  workers?: number;
}

export async function startEmulatorProcess(
  options: EmulatorProcessOptions,
): Promise<EmulatorProcess> {
  const { fixture, odooVersion, latencyMs = 0, serverMs = "0", workers = 0 } = options;
  const dir = await mkdtemp(join(tmpdir(), "serial-bench-"));
  const data = join(dir, "fixture.json");
  await writeFile(data, JSON.stringify(fixture));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      EMULATOR_CLI,
      "--data",
      data,
      "--odoo-version",
      String(odooVersion),
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--latency-ms",
      String(latencyMs),
      "--server-ms",
      serverMs,
      "--workers",
      String(workers),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const exited = once(child, "exit").then(() => {
      throw new Error("the emulator exited before listening");
    });
    const [first] = (await Promise.race([once(lines, "line"), exited])) as [string];
    const ready = JSON.parse(first) as { url: string; db: string };
    return {
      url: ready.url,
      db: ready.db,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
