import { parseArgs } from "node:util";
import { readFlags } from "@jsm-odoo/function-runtime/settings";
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
  // A flag wins over the variable that stands in for it (`--url`, else ODOO_URL).
  const flags = readFlags(values, env);
  const setting = (flag: string, variable: string) => flags.flag(flag, variable);
  const repeat = flags.integer("--repeat", { min: 1, max: 10_000, default: 1 });
  const historyLimit = flags.integer("--history-limit", {
    min: 1,
    max: MAX_HISTORY_LIMIT,
    default: DEFAULT_HISTORY_LIMIT,
  });
  const config: CliConfig = {
    help: values.help === true,
    url: "",
    db: "",
    user: "",
    password: "",
    protocol: "auto",
    repeat: repeat ?? 1,
    historyLimit: historyLimit ?? DEFAULT_HISTORY_LIMIT,
    extraFields: [],
    serials: positionals,
  };
  if (config.help) return config;
  config.url =
    flags.url(setting("url", "ODOO_URL"), {
      required: "the Odoo server, e.g. https://odoo.example.com",
    }) ?? "";
  config.db = flags.string(setting("db", "ODOO_DB"), { required: "the Odoo database" }) ?? "";
  config.user = flags.string(setting("user", "ODOO_USER"), { required: "the login" }) ?? "";
  config.password =
    flags.string(setting("password", "ODOO_PASSWORD"), { required: "its password or API key" }) ??
    "";
  config.protocol =
    flags.oneOf(setting("protocol", "ODOO_PROTOCOL"), ODOO_PROTOCOL_SETTINGS, {
      default: "auto",
    }) ?? "auto";
  config.extraFields =
    flags.parsed(setting("extra-fields", "ODOO_EXTRA_FIELDS"), parseExtraFields) ?? [];
  if (positionals.length === 0) flags.problem("no SERIAL given");
  const problems = flags.problems();
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
