import { createOdooClient, isOdooError, type OdooClient } from "@jsm-odoo/odoo-client";
import { isSerialLookupError } from "../errors.ts";
import { createSerialLookup } from "../lookup.ts";
import { parseSerialInput } from "../parse-input.ts";
import { type CliConfig, CliConfigError, parseCliConfig, USAGE } from "./config.ts";
import { percentile } from "./timing.ts";

export interface LookupCliIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The operator CLI; returns the exit code: 0 answered (found or not), 1 Odoo failed, 2 usage. */
export async function runLookupCli(io: LookupCliIo): Promise<number> {
  let config: CliConfig;
  let serials: string[];
  try {
    config = parseCliConfig(io.argv, io.env);
    if (config.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    serials = parseSerialInput(config.serials);
  } catch (error) {
    if (error instanceof CliConfigError || isSerialLookupError(error)) {
      io.stderr(`lookup: ${error.message.replaceAll("\n", "\nlookup: ")}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }

  let client: OdooClient | undefined;
  try {
    client = createOdooClient({
      url: config.url,
      db: config.db,
      username: config.user,
      password: config.password,
      protocol: config.protocol,
    });
    // Authenticate first so a bad login reads as such, not as a failed search.
    await client.authenticate();
    const lookup = createSerialLookup(client, {
      historyLimit: config.historyLimit,
      extraFields: config.extraFields,
      onWarning: (message) => io.stderr(`lookup: warning: ${message}\n`),
    });
    await lookup.init();
    const durations: number[] = [];
    const rpcs: number[] = [];
    let results: unknown[] = [];
    for (let run = 0; run < config.repeat; run++) {
      client.resetStats();
      const started = performance.now();
      results = await lookup.lookup(serials);
      durations.push(performance.now() - started);
      rpcs.push(client.stats().calls);
    }
    io.stdout(`${JSON.stringify({ results }, null, 2)}\n`);
    if (config.repeat > 1) {
      io.stderr(
        `${JSON.stringify({
          runs: config.repeat,
          serials: serials.length,
          p50_ms: percentile(durations, 50),
          p95_ms: percentile(durations, 95),
          rpcs_per_lookup: percentile(rpcs, 50),
        })}\n`,
      );
    }
    return 0;
  } catch (error) {
    io.stderr(`lookup: ${safeMessage(error, config.password)}\n`);
    return 1;
  } finally {
    client?.close();
  }
}

/** One line, never the password (the client redacts already; this is the belt to its braces). */
function safeMessage(error: unknown, password: string): string {
  const cause = isSerialLookupError(error) && isOdooError(error.cause) ? error.cause : error;
  let message: string;
  if (isOdooError(cause)) {
    message =
      cause.code === "ODOO_AUTH_REJECTED"
        ? "Odoo rejected the login (check --user and --password / ODOO_USER and ODOO_PASSWORD)"
        : `${cause.code}: ${cause.message}`;
  } else if (error instanceof Error) {
    message = error.message;
  } else {
    message = String(error);
  }
  const line = message.split("\n")[0] ?? "";
  return password.length >= 3 ? line.split(password).join("***") : line;
}
