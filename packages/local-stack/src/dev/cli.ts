/**
 * `pnpm dev`: the whole flow on one machine. Starts the Odoo emulator with demo data (or
 * EMULATOR_DATA), the local issuer, and the token and lookup functions as their deploy artifacts
 * under the real Functions Framework binary (built first, as Cloud Functions would run them);
 * then sends the two JSM requests for a demo serial in both contracts, prints what JSM would
 * receive, and keeps serving with ready-to-paste curl commands until Ctrl-C.
 * `DEV_EXIT_AFTER_DEMO=1` (or `--once`) stops after the demo: exit 0 when it went as expected.
 * Every setting is an environment variable (or a line in a root `.env`), documented in
 * packages/lookup-function/README.md ("pnpm dev"). The stack is the local stack's, in child
 * processes.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { type Environment, secretVariableName } from "@jsm-odoo/function-runtime";
import { LOOKUP_ENV, odooSecretNames } from "@jsm-odoo/lookup-function/deployment";
import { DEMO, type Fixture } from "@jsm-odoo/odoo-emulator";
import { buildArtifacts } from "../artifacts.ts";
import type { OdooLogin } from "../function-env.ts";
import { DEMO_EXTRA_FIELDS } from "../options.ts";
import { type ProcessStack, startLocalStack } from "../stack.ts";
import { printTryIt, runDemo } from "./demo.ts";
import { errorLines } from "./function-errors.ts";
import { assertPortsFree, DEV_DEFAULTS, DevSettingError, readDevSettings } from "./settings.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

let stack: ProcessStack | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await stack?.close();
  }
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
process.stdout.on("error", () => void stopAll(1));
// pnpm does not forward SIGTERM to scripts: when it goes away, this process is re-parented.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stopAll(0);
}, 1_000).unref();

type Env = Record<string, string | undefined>;

/** An environment's Odoo: `ODOO_<ENV>_*` when set, else the fixture's user with an API key. */
function odooOverrides(env: Env, environment: Environment, fixture: Fixture | undefined) {
  const demoUser = fixture
    ? (fixture.users.find((user) => user.api_keys?.length) ?? fixture.users[0])
    : undefined;
  const names = odooSecretNames(environment);
  const given = (key: keyof OdooLogin) => env[secretVariableName(names[key])];
  const login: Partial<OdooLogin> = {};
  const server = given("server");
  const db = given("db");
  const user = given("user") ?? demoUser?.login;
  const pass = given("pass") ?? demoUser?.api_keys?.[0] ?? demoUser?.password;
  if (server) login.server = server;
  if (db) login.db = db;
  if (user) login.user = user;
  if (pass) login.pass = pass;
  return login;
}

async function main(): Promise<void> {
  // A `.env` at the repository root fills what the shell did not set (the shell wins).
  const fileEnv = existsSync(join(ROOT, ".env"))
    ? parseEnv(readFileSync(join(ROOT, ".env"), "utf8"))
    : {};
  const env = { ...DEV_DEFAULTS, ...fileEnv, ...process.env } as Env;
  const once = env.DEV_EXIT_AFTER_DEMO === "1" || process.argv.includes("--once");
  // Every user error is found here, before the (slow) build: one line, exit 2.
  const settings = readDevSettings(env);
  const { fixture, ports } = settings;
  await assertPortsFree(ports);
  const demoSerial =
    env.DEMO_SERIAL ??
    (fixture
      ? String((fixture.records["stock.lot"]?.[0] as { name?: unknown } | undefined)?.name ?? "")
      : DEMO.serials.kit);

  console.log("Building both deploy artifacts ...");
  const built = await buildArtifacts();
  console.log(`Built into ${built.dir}`);
  // Checked again before anything of ours listens: the build took seconds, and something may
  // have taken a port meanwhile.
  await assertPortsFree(ports);

  const extraFields = env[LOOKUP_ENV.extraFields] ?? (fixture ? undefined : DEMO_EXTRA_FIELDS);
  const deadline = env[LOOKUP_ENV.deadlineMs];
  stack = await startLocalStack({
    run: "processes",
    accessPassword: settings.accessPassword,
    emulator: {
      ...(fixture ? { fixture } : {}),
      odooVersion: settings.odooVersion,
      port: ports.EMULATOR_PORT,
    },
    odoo: {
      prod: odooOverrides(env, "prod", fixture),
      stage: odooOverrides(env, "stage", fixture),
    },
    ports: {
      issuer: ports.ISSUER_PORT,
      token: ports.TOKEN_PORT,
      lookup: { prod: ports.LOOKUP_PORT, stage: ports.LOOKUP_STAGE_PORT },
    },
    lookupEnv: {
      // The demo data has a custom x_tracking_no on sale.order, mapped like an operator would.
      ...(extraFields ? { [LOOKUP_ENV.extraFields]: extraFields } : {}),
      ...(deadline ? { [LOOKUP_ENV.deadlineMs]: deadline } : {}),
    },
    startTimeoutMs: 20_000,
  });
  const { emulator, issuer, token } = stack;
  const functions = [token, stack.lookup("prod"), stack.lookup("stage")];
  // A function that starts misconfigured serves 503 to every request and says why only in its
  // log, which is not shown until the demo is over: say it now.
  for (const fn of functions) {
    for (const line of errorLines(fn.stdout)) console.error(`[${fn.name}] ${line}`);
  }

  console.log(
    `\nOdoo emulator   ${emulator.url} (db ${emulator.db}, Odoo ${emulator.odooVersion}${fixture ? `, ${env.EMULATOR_DATA}` : ", demo data"})`,
  );
  console.log(`Local issuer    ${issuer.url} (JWKS ${issuer.jwksUrl})`);
  console.log(
    `Token function  ${token.url} (password ${settings.passwordIsDemo ? `${settings.accessPassword}, generated for this run` : "from ACCESS_PASSWORD"})`,
  );
  console.log(`Lookup prod     ${stack.lookup("prod").url}`);
  console.log(`Lookup stage    ${stack.lookup("stage").url}`);

  const targets = {
    tokenUrl: token.url,
    lookupUrl: { prod: stack.lookup("prod").url, stage: stack.lookup("stage").url },
    password: settings.accessPassword,
    passwordIsDemo: settings.passwordIsDemo,
    serial: demoSerial,
  };
  const ok = await runDemo(targets);
  if (once) await stopAll(ok ? 0 : 1);
  // Only now: with DEV_EXIT_AFTER_DEMO the servers are gone and the commands would fail.
  printTryIt(targets);
  console.log("\nServing until Ctrl-C. Function logs follow (one JSON object per line).\n");
  for (const fn of functions) fn.follow(fn.name);
}

main().catch(async (error: unknown) => {
  if (error instanceof DevSettingError) {
    console.error(`pnpm dev: ${error.message}`);
    await stopAll(2);
  }
  console.error(`pnpm dev failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
});
