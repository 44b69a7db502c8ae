/**
 * pnpm -s emulator [--data <fixture.json>] [--odoo-version 14..19] [--port <n>] [--host <h>] [--latency-ms <n>]
 *   [--server-ms <n|real>] [--workers <n>]
 *
 * Prints one JSON line `{"url", "port", "db", "odoo_version", "demo", "pid"}` once listening, stops on
 * SIGTERM/SIGINT, and also when its parent process dies (pnpm does not forward SIGTERM). Exit 2 with a message on stderr for bad arguments or an invalid fixture.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type IntegerRule, readFlags } from "@jsm-odoo/function-runtime/settings";
import { EmulatorError } from "./errors.ts";
import { ODOO_VERSIONS, type OdooVersion } from "./schema/index.ts";
import { type EmulatorOptions, startEmulator } from "./server.ts";
import { realOdooCost } from "./server-cost.ts";

// Read first thing: the parent may already be gone by the time the server listens.
const PARENT_AT_START = process.ppid;

const USAGE =
  "usage: pnpm -s emulator [--data <fixture.json>] [--odoo-version 14..19] [--port <n>] [--host <address>] [--latency-ms <n>] [--server-ms <n|real>] [--workers <n>]";

/** The rules of the numeric flags, read with function-runtime's `readFlags`. */
const FLAG_RULES = {
  "odoo-version": { min: 14, max: 19, what: "the Odoo version to behave as" },
  port: { min: 0, max: 65_535, what: "0 picks a free port" },
  "latency-ms": { min: 0, max: 600_000, what: "delay added to every request" },
  "server-ms": { min: 0, max: 600_000, what: "simulated server time per request, or 'real'" },
  workers: { min: 0, max: 10_000, what: "Odoo workers serving requests, 0 for unlimited" },
} as const satisfies Record<string, IntegerRule>;

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
  const flags = readFlags(values);
  const integer = (name: keyof typeof FLAG_RULES) =>
    flags.raw(`--${name}`) === undefined ? undefined : flags.integer(`--${name}`, FLAG_RULES[name]);
  const version = integer("odoo-version");
  if (version !== undefined && !ODOO_VERSIONS.includes(version as OdooVersion)) {
    flags.problem(`--odoo-version must be one of ${ODOO_VERSIONS.join(", ")} (got "${version}")`);
  }
  const port = integer("port");
  const latency = integer("latency-ms");
  // The model calibrated on a real Odoo of (or nearest) the version.
  const serverMs = flags.raw("--server-ms") === "real" ? "real" : integer("server-ms");
  const workers = integer("workers");
  const problems = flags.problems();
  if (problems.length > 0) throw new EmulatorError("EMULATOR_BAD_ARGUMENTS", problems);

  const options: EmulatorOptions & { help: boolean } = { help: values.help === true };
  if (version !== undefined) options.odooVersion = version as OdooVersion;
  if (port !== undefined) options.port = port;
  if (latency !== undefined) options.latencyMs = latency;
  if (serverMs !== undefined) {
    options.serverMs = serverMs === "real" ? realOdooCost(options.odooVersion ?? 17) : serverMs;
  }
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
