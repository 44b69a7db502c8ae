/**
 * Both functions in their production shape, for runs that must see what Cloud Functions would
 * run: each deploy artifact (built by the functions' own build scripts, once per process, into a
 * temporary folder) started by the real Functions Framework binary as a child process, exactly as
 * `pnpm dev` does (scripts/dev.ts). Unlike an in-process server, the artifact's entry module
 * installs the body-size limit and the JSON answers for body-parser refusals, and a crash or a
 * leak shows as a dead child or a line on its stdout/stderr.
 *
 * Around them, in this process: the Odoo emulator (demo data) and the local issuer. Secrets come
 * from the environment (`SECRETS_SOURCE=env`), tokens are checked against the issuer's JWKS.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type RunningLocalIssuer, signTestToken, startLocalIssuer } from "@jsm-odoo/local-issuer";
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import {
  freePort,
  type Service,
  startFunction,
  waitUntilServing,
} from "../../../scripts/dev/processes.ts";
import { buildLookupArtifact } from "../../lookup-function/scripts/build.ts";
import { buildTokenArtifact } from "../../token-function/scripts/build.ts";

/** About 180 bits: over the token function's 128-bit rule (it answers 503 to a weaker one). */
export const LOCAL_ACCESS_PASSWORD = "rel-proc-Access-Password-3c9e1f7a5b2d4086";
export const LOCAL_ENVIRONMENT = "prod";
export const LOCAL_TRIGGER_ACCOUNT = "odoo-trigger-prod@reliability-local.iam.gserviceaccount.com";

export type FunctionKind = "token" | "lookup";

export interface LocalFunctionsOptions {
  /** Emulator latency per Odoo request (default 0). */
  latencyMs?: number;
  /** Extra environment for the token function (e.g. `MAX_INSTANCES`). */
  tokenEnv?: Record<string, string>;
  /** Extra environment for the prod lookup function (e.g. `REQUEST_DEADLINE_MS`). */
  lookupEnv?: Record<string, string>;
  /** Milliseconds to wait for each child to serve (default 30 s: two cores, shared). */
  startTimeoutMs?: number;
}

/** One Functions Framework child process serving one artifact. */
export interface LocalFunction {
  name: string;
  kind: FunctionKind;
  url: string;
  pid: number;
  /** Lines the child wrote so far (its structured logs, and anything Node printed). */
  stdout: string[];
  stderr: string[];
  alive(): boolean;
  /** Peak resident memory of the child in KiB (`VmHWM` of /proc/<pid>/status), if readable. */
  peakRssKb(): number | undefined;
  /** Current resident memory in KiB (`VmRSS`), if readable. */
  rssKb(): number | undefined;
  stop(): Promise<void>;
}

export interface LocalFunctions {
  emulator: RunningEmulator;
  issuer: RunningLocalIssuer;
  token: LocalFunction;
  /** The prod lookup function. */
  lookup: LocalFunction;
  /** The token function's shared password (legacy header `password`, or JSON `password`). */
  accessPassword: string;
  /** The lookup's expected audience: its own URL, as a deployment has it. */
  audience: string;
  /** Another child of the same artifact and environment, plus `env` (stopped by `close`). */
  startExtra(
    kind: FunctionKind,
    name: string,
    env?: Record<string, string>,
  ): Promise<LocalFunction>;
  /** A valid bearer token for the lookup, signed by the local issuer (no HTTP round trip). */
  signToken(): Promise<string>;
  /** Every secret handed to the children: none may appear in a response or a log line. */
  secrets(): string[];
  /** The temporary folder holding both artifacts: removed by the last close() in this process. */
  artifactsDir: string;
  close(): Promise<void>;
}

// Whatever ends this process, no function child may outlive it.
const running = new Set<Service>();
process.once("exit", () => {
  for (const service of running) if (!service.exited()) service.child.kill("SIGTERM");
});

interface Built {
  dir: string;
  token: string;
  lookup: string;
}
let artifacts: Promise<Built> | undefined;
/** Open LocalFunctions using the artifacts: the last close() removes their folder. */
let users = 0;

/**
 * Both artifacts, built once per process into a temporary folder. The folder goes when the last
 * LocalFunctions using it is closed (vitest workers never emit "exit"); the exit hook is only the
 * fallback for a run that ends without closing.
 */
function buildArtifacts(): Promise<Built> {
  artifacts ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "jsm-odoo-reliability-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const [token, lookup] = await Promise.all([
      buildTokenArtifact(join(dir, "token")),
      buildLookupArtifact(join(dir, "lookup")),
    ]);
    return { dir, token: token.outDir, lookup: lookup.outDir };
  })();
  return artifacts;
}

/** One user fewer; the last one removes the folder (a later start builds again). */
async function releaseArtifacts(built: Promise<Built>): Promise<void> {
  users -= 1;
  if (users > 0 || artifacts !== built) return;
  artifacts = undefined;
  const dir = await built.then(
    (b) => b.dir,
    () => undefined,
  );
  if (dir) rmSync(dir, { recursive: true, force: true });
}

// The framework's CLI entry, as scripts/dev.ts finds it (the version the functions pin).
const FRAMEWORK = join(
  dirname(createRequire(import.meta.url).resolve("@google-cloud/functions-framework")),
  "main.js",
);

function readStatusKb(pid: number, field: "VmHWM" | "VmRSS"): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(
      new RegExp(`^${field}:\\s+(\\d+) kB`, "m"),
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function lines(target: string[]): (chunk: Buffer) => void {
  let partial = "";
  return (chunk) => {
    const parts = (partial + chunk.toString("utf8")).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) if (line !== "") target.push(line);
  };
}

export async function startLocalFunctions(
  options: LocalFunctionsOptions = {},
): Promise<LocalFunctions> {
  const built = buildArtifacts();
  users += 1;
  let emulator: RunningEmulator;
  let issuer: RunningLocalIssuer;
  try {
    [emulator, issuer] = await Promise.all([
      startEmulator({ latencyMs: options.latencyMs ?? 0 }),
      startLocalIssuer(),
    ]);
  } catch (error) {
    await releaseArtifacts(built);
    throw error;
  }
  const services: Service[] = [];
  const integration = DEMO.users.integration;
  const lookupPort = await freePort();
  const audience = `http://127.0.0.1:${lookupPort}/`;
  const common = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    SECRETS_SOURCE: "env",
    // No `.env` may be picked up from wherever the artifact sits.
    SECRETS_ENV_FILE: "/nonexistent/.env",
  };
  const tokenEnv = {
    ...common,
    ACCESS_PASSWORD: LOCAL_ACCESS_PASSWORD,
    ENVIRONMENTS: LOCAL_ENVIRONMENT,
    MAX_INSTANCES: "1",
    TOKEN_MINTER: "local",
    IAM_CREDENTIALS_ENDPOINT: issuer.url,
    LOOKUP_URL_PROD: audience,
    TRIGGER_ACCOUNT_PROD: LOCAL_TRIGGER_ACCOUNT,
    ...options.tokenEnv,
  };
  const lookupEnv = {
    ...common,
    ENVIRONMENT: LOCAL_ENVIRONMENT,
    EXPECTED_AUDIENCE: audience,
    TRIGGER_ACCOUNT: LOCAL_TRIGGER_ACCOUNT,
    TOKEN_VERIFICATION: "jwks",
    JWKS_URL: issuer.jwksUrl,
    TOKEN_ISSUER: issuer.issuer,
    // The demo data's custom sale.order field, mapped as `pnpm dev` maps it.
    EXTRA_FIELDS: '{"Trackingnumber": "sale.order:x_tracking_no"}',
    ODOO_PROD_SERVER: emulator.url,
    ODOO_PROD_DB: emulator.db,
    ODOO_PROD_USER: integration.login,
    ODOO_PROD_PASS: integration.apiKey,
    ...options.lookupEnv,
  };

  async function launch(
    kind: FunctionKind,
    name: string,
    port: number,
    env: Record<string, string | undefined>,
  ): Promise<LocalFunction> {
    const source = (await built)[kind];
    // scripts/dev/processes.ts picks the target from the name: "lookup..." or anything else.
    const service = startFunction(
      kind === "lookup" ? `lookup-${name}` : name,
      FRAMEWORK,
      source,
      port,
      env,
    );
    services.push(service);
    running.add(service);
    service.child.once("exit", () => running.delete(service));
    const stdout: string[] = [];
    const stderr: string[] = [];
    service.child.stdout?.on("data", lines(stdout));
    service.child.stderr?.on("data", lines(stderr));
    await waitUntilServing(service, options.startTimeoutMs ?? 30_000);
    const pid = service.child.pid ?? -1;
    return {
      name,
      kind,
      url: service.url,
      pid,
      stdout,
      stderr,
      alive: () => !service.exited(),
      peakRssKb: () => readStatusKb(pid, "VmHWM"),
      rssKb: () => readStatusKb(pid, "VmRSS"),
      stop: () => service.stop(),
    };
  }

  let token: LocalFunction;
  let lookup: LocalFunction;
  try {
    [token, lookup] = await Promise.all([
      launch("token", "token", await freePort(), tokenEnv),
      launch("lookup", "prod", lookupPort, lookupEnv),
    ]);
  } catch (error) {
    await Promise.allSettled(services.map((service) => service.stop()));
    await Promise.allSettled([emulator.close(), issuer.close()]);
    await releaseArtifacts(built);
    throw error;
  }

  let closed = false;
  return {
    emulator,
    issuer,
    token,
    lookup,
    accessPassword: LOCAL_ACCESS_PASSWORD,
    audience,
    async startExtra(kind, name, env = {}) {
      const base = kind === "token" ? tokenEnv : lookupEnv;
      return launch(kind, name, await freePort(), { ...base, ...env });
    },
    signToken: () =>
      signTestToken(issuer, { aud: audience, email: LOCAL_TRIGGER_ACCOUNT, email_verified: true }),
    secrets: () => [LOCAL_ACCESS_PASSWORD, integration.apiKey, integration.password],
    artifactsDir: (await built).dir,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(services.map((service) => service.stop()));
      await Promise.allSettled([emulator.close(), issuer.close()]);
      await releaseArtifacts(built);
    },
  };
}
