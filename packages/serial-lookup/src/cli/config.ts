import { parseArgs } from "node:util";
import { ODOO_PROTOCOL_SETTINGS, type OdooProtocolSetting } from "@jsm-odoo/odoo-client";
import { type ExtraFieldsConfig, parseExtraFields } from "../extra-fields.ts";
import { DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT } from "../lookup.ts";

export const USAGE = `Usage: pnpm -s lookup [--url URL --db DB --user LOGIN --password SECRET] [--repeat N]
                      [--history-limit N] [--extra-fields JSON] [--protocol auto|xmlrpc|json2] SERIAL...
Connection settings default to ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD (password or API key;
prefer the environment: command lines are visible to other users). --extra-fields defaults to
ODOO_EXTRA_FIELDS, e.g. '{"Trackingnumber": "sale.order:x_tracking_no"}'. --protocol defaults
to ODOO_PROTOCOL, else auto (JSON-2 on Odoo 19+, else XML-RPC); json2 takes an API key only.
Prints {"results": [...]} on stdout; with --repeat N, timing JSON on stderr.`;

export interface CliConfig {
  url: string;
  db: string;
  user: string;
  password: string;
  protocol: OdooProtocolSetting;
  repeat: number;
  historyLimit: number;
  extraFields: ExtraFieldsConfig;
  serials: string[];
  help: boolean;
}

/** Raised with every problem of the command line, one per line; the CLI exits 2. */
export class CliConfigError extends Error {
  override readonly name = "CliConfigError";
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.problems = problems;
  }
}

export function parseCliConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): CliConfig {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new CliConfigError([(error as Error).message]);
  }
  const { values, positionals } = parsed;
  const problems: string[] = [];
  const setting = (flag: string, fromFlag: string | undefined, variable: string): string => {
    const value = fromFlag ?? env[variable] ?? "";
    if (value === "") problems.push(`missing ${flag} (or ${variable})`);
    return value;
  };
  const integer = (flag: string, raw: string | undefined, fallback: number, max: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > max) {
      problems.push(`${flag} must be an integer from 1 to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const config: CliConfig = {
    help: values.help === true,
    url: "",
    db: "",
    user: "",
    password: "",
    protocol: "auto",
    repeat: integer("--repeat", values.repeat, 1, 10_000),
    historyLimit: integer(
      "--history-limit",
      values["history-limit"],
      DEFAULT_HISTORY_LIMIT,
      MAX_HISTORY_LIMIT,
    ),
    extraFields: [],
    serials: positionals,
  };
  if (config.help) return config;
  config.url = setting("--url", values.url, "ODOO_URL");
  if (config.url !== "" && !/^https?:\/\/[^/]/.test(config.url)) {
    problems.push(`--url / ODOO_URL must be an http(s) URL such as https://odoo.example.com`);
  }
  config.db = setting("--db", values.db, "ODOO_DB");
  config.user = setting("--user", values.user, "ODOO_USER");
  config.password = setting("--password", values.password, "ODOO_PASSWORD");
  const protocol = values.protocol ?? env.ODOO_PROTOCOL ?? "auto";
  if ((ODOO_PROTOCOL_SETTINGS as readonly string[]).includes(protocol)) {
    config.protocol = protocol as OdooProtocolSetting;
  } else {
    problems.push(
      `--protocol / ODOO_PROTOCOL must be ${ODOO_PROTOCOL_SETTINGS.join(", ")}, got "${protocol}"`,
    );
  }
  try {
    config.extraFields = parseExtraFields(values["extra-fields"] ?? env.ODOO_EXTRA_FIELDS ?? "");
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (positionals.length === 0) problems.push("no SERIAL given");
  if (problems.length > 0) throw new CliConfigError(problems);
  return config;
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: "string" },
      db: { type: "string" },
      user: { type: "string" },
      password: { type: "string" },
      repeat: { type: "string" },
      "history-limit": { type: "string" },
      "extra-fields": { type: "string" },
      protocol: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
