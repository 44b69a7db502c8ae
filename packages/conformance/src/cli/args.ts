/** `pnpm conformance` options, from flags or the environment, checked once with every problem. */
import { parseArgs } from "node:util";
import { problemsMessage, readFlags } from "@jsm-odoo/function-runtime/settings";
import { ODOO_PROTOCOL_SETTINGS, type OdooProtocolSetting } from "@jsm-odoo/odoo-client";
import { ConformanceError } from "../errors.ts";

export const USAGE = `Usage: pnpm conformance --url URL --db DB --admin-login LOGIN --admin-password PASSWORD
                        --api-key-command 'COMMAND {login}' [--protocols xmlrpc,json2,auto]
                        [--record DIR] [--json]
Seeds the lookup's scenarios into that Odoo database through the admin account (safe to run
again), creates the integration user as docs/odoo-integration-user.md says and a broader one,
then checks the lookup over each protocol and doctor for both users against the expected values.
--api-key-command prints a new API key for {login} (Odoo creates keys only through a form that
asks for the password again), e.g. 'packages/conformance/scripts/odoo-apikey.sh {login}'.
--protocols defaults to xmlrpc,auto (json2 too on Odoo 19+). --record DIR also writes what the
lookup, doctor and the probes sent and Odoo answered, with the records, for the emulator's replay
test. Flags default to CONFORMANCE_URL, CONFORMANCE_DB, CONFORMANCE_ADMIN_LOGIN,
CONFORMANCE_ADMIN_PASSWORD, CONFORMANCE_API_KEY_COMMAND. Exit 0 when everything matched, 1 on
a mismatch or failure, 2 on bad usage.`;

export interface ConformanceArgs {
  url: string;
  db: string;
  adminLogin: string;
  adminPassword: string;
  apiKeyCommand: string;
  protocols?: OdooProtocolSetting[];
  recordDir?: string;
  json: boolean;
  help: boolean;
}

export function parseConformanceArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ConformanceArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new ConformanceError("CONFORMANCE_USAGE", (error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    return {
      url: "",
      db: "",
      adminLogin: "",
      adminPassword: "",
      apiKeyCommand: "",
      json: false,
      help: true,
    };
  }
  // A flag wins over the variable that stands in for it (`--url`, else CONFORMANCE_URL).
  const flags = readFlags(values, env);
  const text = (flag: string, variable: string, why: string) =>
    flags.string(flags.flag(flag, variable), { required: why }) ?? "";
  const url =
    flags.url(flags.flag("url", "CONFORMANCE_URL"), { required: "the Odoo server to check" }) ?? "";
  const apiKeyCommand =
    flags.matching(flags.flag("api-key-command", "CONFORMANCE_API_KEY_COMMAND"), {
      pattern: /\{login\}/,
      what: "a command containing {login}, where the user's login goes",
      required: "it prints a new API key for {login}",
    }) ?? "";
  const protocols =
    values.protocols === undefined
      ? undefined
      : flags.listOf("--protocols", ODOO_PROTOCOL_SETTINGS);
  const args: ConformanceArgs = {
    url,
    db: text("db", "CONFORMANCE_DB", "the database to seed and check"),
    adminLogin: text("admin-login", "CONFORMANCE_ADMIN_LOGIN", "the account that seeds"),
    adminPassword: text("admin-password", "CONFORMANCE_ADMIN_PASSWORD", "that account's password"),
    apiKeyCommand,
    json: values.json ?? false,
    help: false,
  };
  if (protocols) args.protocols = protocols;
  if (values.record !== undefined) {
    if (values.record.trim() === "") flags.problem("--record needs a directory");
    else args.recordDir = values.record;
  }
  const problems = flags.problems();
  if (problems.length > 0) {
    throw new ConformanceError("CONFORMANCE_USAGE", problemsMessage("invalid options", problems));
  }
  return args;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: "string" },
      db: { type: "string" },
      "admin-login": { type: "string" },
      "admin-password": { type: "string" },
      "api-key-command": { type: "string" },
      protocols: { type: "string" },
      record: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
