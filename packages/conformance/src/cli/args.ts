/** `pnpm conformance` options, from flags or the environment, checked once with every problem. */
import { parseArgs } from "node:util";
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
  const problems: string[] = [];
  const setting = (flag: string, value: string | undefined, variable: string) => {
    const found = value ?? env[variable] ?? "";
    if (found.trim() === "") problems.push(`missing --${flag} (or ${variable})`);
    return found.trim();
  };
  const url = setting("url", values.url, "CONFORMANCE_URL");
  if (url !== "" && !/^https?:\/\/[^\s/]+/.test(url))
    problems.push(`--url must be an http(s) URL, got "${url}"`);
  const apiKeyCommand = setting(
    "api-key-command",
    values["api-key-command"],
    "CONFORMANCE_API_KEY_COMMAND",
  );
  if (apiKeyCommand !== "" && !apiKeyCommand.includes("{login}")) {
    problems.push("--api-key-command must contain {login}, where the user's login goes");
  }
  let protocols: OdooProtocolSetting[] | undefined;
  if (values.protocols !== undefined) {
    const names = values.protocols.split(",").map((name) => name.trim());
    const unknown = names.filter(
      (name) => !(ODOO_PROTOCOL_SETTINGS as readonly string[]).includes(name),
    );
    if (unknown.length > 0 || names.length === 0) {
      problems.push(
        `--protocols takes a list of ${ODOO_PROTOCOL_SETTINGS.join(", ")}, got "${values.protocols}"`,
      );
    } else protocols = [...new Set(names)] as OdooProtocolSetting[];
  }
  const args: ConformanceArgs = {
    url,
    db: setting("db", values.db, "CONFORMANCE_DB"),
    adminLogin: setting("admin-login", values["admin-login"], "CONFORMANCE_ADMIN_LOGIN"),
    adminPassword: setting(
      "admin-password",
      values["admin-password"],
      "CONFORMANCE_ADMIN_PASSWORD",
    ),
    apiKeyCommand,
    json: values.json ?? false,
    help: false,
  };
  if (protocols) args.protocols = protocols;
  if (values.record !== undefined) {
    if (values.record.trim() === "") problems.push("--record needs a directory");
    else args.recordDir = values.record;
  }
  if (problems.length > 0) throw new ConformanceError("CONFORMANCE_USAGE", problems.join("\n"));
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
