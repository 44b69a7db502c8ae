/**
 * pnpm -s emulator [--data <fixture.json>] [--odoo-version 14..19] [--port <n>] [--host <h>] [--latency-ms <n>]
 *   [--server-ms <n|real>] [--workers <n>]
 *
 * Prints one JSON line `{"url", "port", "db", "odoo_version", "demo", "pid"}` once listening, stops on
 * SIGTERM/SIGINT, and also when its parent process dies (pnpm does not forward SIGTERM). Exit 2 with a message on stderr for bad arguments or an invalid fixture.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { EmulatorError } from "./errors.ts";
import { ODOO_VERSIONS, type OdooVersion } from "./schema/index.ts";
import { type EmulatorOptions, startEmulator } from "./server.ts";
import { realOdooCost } from "./server-cost.ts";

// Read first thing: the parent may already be gone by the time the server listens.
const PARENT_AT_START = process.ppid;

const USAGE =
  "usage: pnpm -s emulator [--data <fixture.json>] [--odoo-version 14..19] [--port <n>] [--host <address>] [--latency-ms <n>] [--server-ms <n|real>] [--workers <n>]";

const integer = (
  name: string,
  text: string | undefined,
  min: number,
  max: number,
): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", [
      `--${name}: expected an integer from ${min} to ${max}, got '${text}'`,
    ]);
  }
  return value;
};

export const parseCliArgs = (argv: readonly string[]): EmulatorOptions & { help: boolean } => {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        data: { type: "string" },
        "odoo-version": { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        "latency-ms": { type: "string" },
        "server-ms": { type: "string" },
        workers: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", [(error as Error).message], { cause: error });
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const version = integer("odoo-version", values["odoo-version"] as string | undefined, 14, 19);
  if (version !== undefined && !ODOO_VERSIONS.includes(version as OdooVersion)) {
    throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", [
      `--odoo-version: expected one of ${ODOO_VERSIONS.join(", ")}`,
    ]);
  }
  const options: EmulatorOptions & { help: boolean } = { help: values.help === true };
  if (version !== undefined) options.odooVersion = version as OdooVersion;
  const port = integer("port", values.port as string | undefined, 0, 65535);
  if (port !== undefined) options.port = port;
  const latency = integer("latency-ms", values["latency-ms"] as string | undefined, 0, 600_000);
  if (latency !== undefined) options.latencyMs = latency;
  const serverMs = values["server-ms"] as string | undefined;
  if (serverMs === "real") {
    // The model calibrated on a real Odoo of (or nearest) this version.
    options.serverMs = realOdooCost(options.odooVersion ?? 17);
  } else if (serverMs !== undefined) {
    if (!/^\d+$/.test(serverMs) || Number(serverMs) > 600_000) {
      throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", [
        `--server-ms: expected an integer from 0 to 600000 or 'real', got '${serverMs}'`,
      ]);
    }
    options.serverMs = Number(serverMs);
  }
  const workers = integer("workers", values.workers as string | undefined, 0, 10_000);
  if (workers !== undefined) options.workers = workers;
  if (typeof values.host === "string") options.host = values.host;
  if (typeof values.data === "string") {
    let text: string;
    try {
      text = readFileSync(values.data, "utf8");
    } catch (error) {
      throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", [
        `--data: cannot read ${values.data}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      ]);
    }
    try {
      options.fixture = JSON.parse(text);
    } catch (error) {
      throw new EmulatorError("EMULATOR_INVALID_FIXTURE", [
        `${values.data}: not valid JSON (${(error as Error).message})`,
      ]);
    }
  }
  return options;
};

const main = async (): Promise<void> => {
  const options = parseCliArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emulator = await startEmulator(options);
  process.stdout.write(
    `${JSON.stringify({ url: emulator.url, port: emulator.port, db: emulator.db, odoo_version: emulator.odooVersion, demo: options.fixture === undefined, pid: process.pid })}\n`,
  );
  const stop = () => {
    emulator.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  // `pnpm -s emulator` runs us under `sh -c`, and pnpm does not forward SIGTERM to its child:
  // when our parent goes away we are re-parented, so stop instead of lingering as an orphan.
  setInterval(() => {
    if (process.ppid !== PARENT_AT_START) stop();
  }, 500).unref();
};

main().catch((error: unknown) => {
  if (error instanceof EmulatorError) {
    const title = error.code === "EMULATOR_INVALID_FIXTURE" ? "invalid fixture" : "bad arguments";
    process.stderr.write(
      `odoo-emulator: ${title}:\n${error.problems.map((p) => `  - ${p}`).join("\n")}\n${USAGE}\n`,
    );
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException).code;
  process.stderr.write(`odoo-emulator: cannot start: ${code ?? (error as Error).message}\n`);
  process.exit(1);
});
