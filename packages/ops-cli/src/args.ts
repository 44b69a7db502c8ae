import { parseArgs } from "node:util";
import { type Environment, parseEnvironment } from "@jsm-odoo/function-runtime";
import { parseExtraFields } from "@jsm-odoo/serial-lookup";
import { OpsError } from "./errors.ts";

export const USAGE = `Usage:
  pnpm ops doctor --env <prod|stage> [--extra-fields <json>] [--timeout-ms <n>] [--json]
  pnpm ops smoke --env <prod|stage> --serial <serial> [--token-url <url>] [--lookup-url <url>]
                 [--timeout-ms <n>] [--json]
  pnpm ops password    prints a new access password (32 random bytes, base64url)

Secrets are read like the functions read them: SECRETS_SOURCE=secret-manager with
GOOGLE_CLOUD_PROJECT (Google Cloud), or SECRETS_SOURCE=env (ODOO_PROD_SERVER, ..., or .env).
doctor  checks secrets, Odoo's address, version and login, read-only access to every model the
        lookup reads, and the extra fields (--extra-fields, else EXTRA_FIELDS).
smoke   sends the two JSM requests in both contracts (--token-url, else TOKEN_URL;
        --lookup-url, else LOOKUP_URL_PROD / LOOKUP_URL_STAGE) and checks the answers against
        docs/openapi.yaml.
Both print a checklist (--json: as JSON) and exit 1 when a check fails, 2 on bad usage.`;

export interface CommonArgs {
  environment: Environment;
  json: boolean;
  timeoutMs: number | undefined;
}

export type CliCommand =
  | ({ command: "help" } & Partial<CommonArgs>)
  | ({ command: "password" } & Partial<CommonArgs>)
  | ({ command: "doctor"; extraFields: string | undefined } & CommonArgs)
  | ({
      command: "smoke";
      serial: string;
      tokenUrl: string | undefined;
      lookupUrl: string | undefined;
    } & CommonArgs);

const OPTIONS = {
  env: { type: "string" },
  json: { type: "boolean", default: false },
  "timeout-ms": { type: "string" },
  "extra-fields": { type: "string" },
  serial: { type: "string" },
  "token-url": { type: "string" },
  "lookup-url": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

const COMMAND_OPTIONS: Record<"doctor" | "smoke", readonly string[]> = {
  doctor: ["env", "json", "timeout-ms", "extra-fields", "help"],
  smoke: ["env", "json", "timeout-ms", "serial", "token-url", "lookup-url", "help"],
};

/** Reads `doctor|smoke` and its flags; throws OpsError USAGE with every problem, one per line. */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new OpsError("USAGE", (error as Error).message, { cause: error });
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === "help") return { command: "help" };
  // No command is a mistake (exit 2, usage on stderr), not a request for help: a script that
  // runs `pnpm ops $COMMAND` with an empty variable must not pass.
  if (command === undefined) throw new OpsError("USAGE", "missing command: use doctor or smoke");
  if (command === "password") {
    if (extra.length > 0 || Object.values(values).some((v) => v !== undefined && v !== false)) {
      throw new OpsError("USAGE", "password takes no arguments");
    }
    return { command: "password" };
  }
  if (command !== "doctor" && command !== "smoke") {
    throw new OpsError("USAGE", `unknown command "${command}": use doctor or smoke`);
  }

  const problems: string[] = [];
  if (extra.length > 0) problems.push(`unexpected argument(s): ${extra.join(" ")}`);
  for (const name of Object.keys(values)) {
    const given = values[name as keyof typeof values];
    if (given !== undefined && given !== false && !COMMAND_OPTIONS[command].includes(name)) {
      problems.push(`--${name} is not an option of ${command}`);
    }
  }
  const environment = parseEnvironment(values.env);
  if (values.env === undefined) problems.push("--env is required (prod or stage)");
  else if (!environment) problems.push(`--env must be prod or stage (got "${values.env}")`);

  let timeoutMs: number | undefined;
  if (values["timeout-ms"] !== undefined) {
    timeoutMs = Number(values["timeout-ms"]);
    if (!/^\d+$/.test(values["timeout-ms"]) || timeoutMs < 100 || timeoutMs > 120_000) {
      problems.push("--timeout-ms must be a whole number of milliseconds from 100 to 120000");
    }
  }
  // The flag is the operator's own input: a mistake in it is bad usage (exit 2). EXTRA_FIELDS,
  // the deployed setting, is checked as one of doctor's checks instead.
  const extraFlag = values["extra-fields"];
  if (command === "doctor" && extraFlag !== undefined) {
    try {
      parseExtraFields(extraFlag);
    } catch (error) {
      problems.push(`--extra-fields: ${(error as Error).message}`);
    }
  }
  if (command === "smoke") {
    if (!values.serial?.trim()) problems.push("--serial is required: a serial number Odoo knows");
    for (const flag of ["token-url", "lookup-url"] as const) {
      const url = values[flag];
      if (url !== undefined && !isHttpUrl(url)) problems.push(`--${flag} must be an http(s) URL`);
    }
  }
  if (problems.length > 0 || !environment) throw new OpsError("USAGE", problems.join("\n"));

  const common = { environment, json: values.json, timeoutMs };
  if (command === "doctor") return { command, ...common, extraFields: values["extra-fields"] };
  return {
    command,
    ...common,
    serial: values.serial?.trim() ?? "",
    tokenUrl: values["token-url"],
    lookupUrl: values["lookup-url"],
  };
}

export function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === "https:" || url.protocol === "http:");
}
