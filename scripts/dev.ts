/**
 * `pnpm dev`: the whole flow on one machine. Starts the Odoo emulator with demo data (or
 * EMULATOR_DATA), the local issuer, and the token and lookup functions as their deploy artifacts
 * under the real Functions Framework binary (built first, as Cloud Functions would run them);
 * then sends the two JSM requests for a demo serial in both contracts, prints what JSM would
 * receive, and keeps serving with ready-to-paste curl commands until Ctrl-C.
 * `DEV_EXIT_AFTER_DEMO=1` (or `--once`) stops after the demo: exit 0 when it went as expected.
 * Every setting is an environment variable (or a line in a root `.env`), documented in
 * packages/lookup-function/README.md ("pnpm dev").
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { startLocalIssuer } from "../packages/local-issuer/src/index.ts";
import { buildLookupArtifact } from "../packages/lookup-function/scripts/build.ts";
import { DEMO, startEmulator } from "../packages/odoo-emulator/src/index.ts";
import { buildTokenArtifact } from "../packages/token-function/scripts/build.ts";
import { assertPortsFree, DEV_DEFAULTS, DevSettingError, readSettings } from "./dev/config.ts";
import { printTryIt, runDemo } from "./dev/demo.ts";
import { freePort, type Service, startFunction, waitUntilServing } from "./dev/processes.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const services: Service[] = [];
const closers: (() => Promise<void>)[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.allSettled(services.map((service) => service.stop()));
    await Promise.allSettled(closers.map((close) => close()));
  }
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
// Whatever ends this process (a crash, a closed stdout), the functions must not outlive it.
process.on("exit", () => {
  for (const service of services) if (!service.exited()) service.child.kill("SIGTERM");
});
process.stdout.on("error", () => void stopAll(1));
// pnpm does not forward SIGTERM to scripts: when it goes away, this process is re-parented.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stopAll(0);
}, 1_000).unref();

async function main(): Promise<void> {
  // A `.env` at the repository root fills what the shell did not set (the shell wins).
  const fileEnv = existsSync(join(ROOT, ".env"))
    ? parseEnv(readFileSync(join(ROOT, ".env"), "utf8"))
    : {};
  const env = { ...DEV_DEFAULTS, ...fileEnv, ...process.env } as Record<string, string | undefined>;
  const once = env.DEV_EXIT_AFTER_DEMO === "1" || process.argv.includes("--once");
  // Every user error is found here, before the (slow) build: one line, exit 2.
  const settings = readSettings(env);
  const { fixture } = settings;
  await assertPortsFree(settings.ports);
  const demoUser = fixture
    ? (fixture.users.find((user) => user.api_keys?.length) ?? fixture.users[0])
    : undefined;
  const demoSerial =
    env.DEMO_SERIAL ??
    (fixture
      ? String((fixture.records["stock.lot"]?.[0] as { name?: unknown } | undefined)?.name ?? "")
      : DEMO.serials.kit);

  // Built like `pnpm build` does, but into a temporary folder: the functions start from a
  // folder with no workspace around it, and packages/*/dist stays untouched.
  const buildDir = mkdtempSync(join(tmpdir(), "jsm-odoo-dev-"));
  closers.push(async () => rmSync(buildDir, { recursive: true, force: true }));
  console.log(`Building both deploy artifacts into ${buildDir} ...`);
  const [tokenArtifact, lookupArtifact] = await Promise.all([
    buildTokenArtifact(join(buildDir, "token")),
    buildLookupArtifact(join(buildDir, "lookup")),
  ]);

  // Checked again before anything of ours listens: the build took seconds, and something may
  // have taken a port meanwhile.
  await assertPortsFree(settings.ports);
  const emulator = await startEmulator({
    ...(fixture ? { fixture } : {}),
    odooVersion: settings.odooVersion,
    port: settings.ports.EMULATOR_PORT,
  });
  closers.push(() => emulator.close());
  const issuer = await startLocalIssuer({ port: settings.ports.ISSUER_PORT });
  closers.push(() => issuer.close());

  const ports = {
    token: settings.ports.TOKEN_PORT || (await freePort()),
    prod: settings.ports.LOOKUP_PORT || (await freePort()),
    stage: settings.ports.LOOKUP_STAGE_PORT || (await freePort()),
  };
  const lookupUrl = (environment: "prod" | "stage") => `http://127.0.0.1:${ports[environment]}/`;
  const trigger = (environment: string) =>
    `odoo-trigger-${environment}@local-dev.iam.gserviceaccount.com`;
  const odoo = (environment: "prod" | "stage") => {
    const upper = environment.toUpperCase();
    return {
      [`ODOO_${upper}_SERVER`]: env[`ODOO_${upper}_SERVER`] ?? emulator.url,
      [`ODOO_${upper}_DB`]: env[`ODOO_${upper}_DB`] ?? emulator.db,
      [`ODOO_${upper}_USER`]:
        env[`ODOO_${upper}_USER`] ?? demoUser?.login ?? DEMO.users.integration.login,
      [`ODOO_${upper}_PASS`]:
        env[`ODOO_${upper}_PASS`] ??
        demoUser?.api_keys?.[0] ??
        demoUser?.password ??
        DEMO.users.integration.apiKey,
    };
  };
  const common = { PATH: process.env.PATH, NODE_ENV: "production", SECRETS_SOURCE: "env" };
  const framework = join(
    dirname(
      createRequire(join(ROOT, "packages/lookup-function/package.json")).resolve(
        "@google-cloud/functions-framework",
      ),
    ),
    "main.js",
  );

  services.push(
    startFunction("token", framework, tokenArtifact.outDir, ports.token, {
      ...common,
      ACCESS_PASSWORD: settings.accessPassword,
      MAX_INSTANCES: "1",
      TOKEN_MINTER: "local",
      IAM_CREDENTIALS_ENDPOINT: issuer.url,
      LOOKUP_URL_PROD: lookupUrl("prod"),
      LOOKUP_URL_STAGE: lookupUrl("stage"),
      TRIGGER_ACCOUNT_PROD: trigger("prod"),
      TRIGGER_ACCOUNT_STAGE: trigger("stage"),
    }),
  );
  for (const environment of ["prod", "stage"] as const) {
    services.push(
      startFunction(`lookup-${environment}`, framework, lookupArtifact.outDir, ports[environment], {
        ...common,
        ENVIRONMENT: environment,
        EXPECTED_AUDIENCE: lookupUrl(environment),
        TRIGGER_ACCOUNT: trigger(environment),
        TOKEN_VERIFICATION: "jwks",
        JWKS_URL: issuer.jwksUrl,
        TOKEN_ISSUER: issuer.issuer,
        // The demo data has a custom x_tracking_no on sale.order, mapped like an operator would.
        ...(env.EXTRA_FIELDS || !fixture
          ? { EXTRA_FIELDS: env.EXTRA_FIELDS ?? '{"Trackingnumber": "sale.order:x_tracking_no"}' }
          : {}),
        ...(env.REQUEST_DEADLINE_MS ? { REQUEST_DEADLINE_MS: env.REQUEST_DEADLINE_MS } : {}),
        ...odoo(environment),
      }),
    );
  }
  await Promise.all(services.map((service) => waitUntilServing(service, 20_000)));
  // A function that starts misconfigured serves 503 to every request and says why only in its
  // log, which is buffered until the demo is over: say it now.
  for (const service of services) {
    for (const line of service.errors()) console.error(`[${service.name}] ${line}`);
  }

  console.log(
    `\nOdoo emulator   ${emulator.url} (db ${emulator.db}, Odoo ${emulator.odooVersion}${fixture ? `, ${env.EMULATOR_DATA}` : ", demo data"})`,
  );
  console.log(`Local issuer    ${issuer.url} (JWKS ${issuer.jwksUrl})`);
  console.log(
    `Token function  http://127.0.0.1:${ports.token}/ (password ${settings.passwordIsDemo ? `${settings.accessPassword}, generated for this run` : "from ACCESS_PASSWORD"})`,
  );
  console.log(`Lookup prod     ${lookupUrl("prod")}`);
  console.log(`Lookup stage    ${lookupUrl("stage")}`);

  const targets = {
    tokenUrl: `http://127.0.0.1:${ports.token}/`,
    lookupUrl: { prod: lookupUrl("prod"), stage: lookupUrl("stage") },
    password: settings.accessPassword,
    passwordIsDemo: settings.passwordIsDemo,
    serial: demoSerial,
  };
  const ok = await runDemo(targets);
  if (once) await stopAll(ok ? 0 : 1);
  // Only now: with DEV_EXIT_AFTER_DEMO the servers are gone and the commands would fail.
  printTryIt(targets);
  console.log("\nServing until Ctrl-C. Function logs follow (one JSON object per line).\n");
  for (const service of services) service.follow();
}

main().catch(async (error: unknown) => {
  if (error instanceof DevSettingError) {
    console.error(`pnpm dev: ${error.message}`);
    await stopAll(2);
  }
  console.error(`pnpm dev failed: ${error instanceof Error ? error.message : String(error)}`);
  for (const service of services) {
    if (service.exited()) console.error(`--- ${service.name} output ---\n${service.output()}`);
  }
  await stopAll(1);
});
