import { parseArgs } from "node:util";
import {
  ENVIRONMENTS,
  type Environment,
  type IntegerRule,
  problemsMessage,
  readFlags,
} from "@jsm-odoo/function-runtime";
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

/** How long one check may take. */
export const TIMEOUT_RULE = {
  min: 100,
  max: 120_000,
  what: "milliseconds one check may take",
} as const satisfies IntegerRule;

const COMMAND_OPTIONS: Record<"doctor" | "smoke", readonly string[]> = {
  doctor: ["env", "json", "timeout-ms", "extra-fields", "help"],
  smoke: ["env", "json", "timeout-ms", "serial", "token-url", "lookup-url", "help"],
};

/** Reads `doctor|smoke` and its flags; throws OpsError USAGE listing every problem. */
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
  const flags = readFlags(values);
  const environment = flags.oneOf("--env", ENVIRONMENTS);
  const timeoutMs =
    values["timeout-ms"] === undefined ? undefined : flags.integer("--timeout-ms", TIMEOUT_RULE);
  // The flag is the operator's own input: a mistake in it is bad usage (exit 2). EXTRA_FIELDS,
  // the deployed setting, is checked as one of doctor's checks instead.
  if (command === "doctor") flags.parsed("--extra-fields", parseExtraFields);
  if (command === "smoke") {
    flags.string("--serial", { required: "a serial number Odoo knows" });
    flags.url("--token-url");
    flags.url("--lookup-url");
  }
  problems.push(...flags.problems());
  if (problems.length > 0 || !environment) {
    throw new OpsError("USAGE", problemsMessage("invalid command line", problems));
  }

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
