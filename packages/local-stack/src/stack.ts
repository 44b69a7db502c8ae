/**
 * The whole flow on 127.0.0.1 over real HTTP: the Odoo emulator, the local issuer (stand-in for
 * IAM `generateIdToken` and Google's JWKS), the token function and a lookup function per
 * environment, each on its own port (free ones unless fixed), every function's log lines kept.
 * In process, a local Secret Manager (the real client library against a REST stand-in) holds the
 * same secrets the environment does.
 */
import {
  answerFrameworkBodyErrors,
  createLogger,
  ENVIRONMENTS,
  type Environment,
} from "@jsm-odoo/function-runtime";
import { type FakeSecretManager, startFakeSecretManager } from "@jsm-odoo/function-runtime/testing";
import { type RunningLocalIssuer, signTestToken, startLocalIssuer } from "@jsm-odoo/local-issuer";
import { odooSecretNames } from "@jsm-odoo/lookup-function/deployment";
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { ACCESS_PASSWORD_SECRET } from "@jsm-odoo/token-function/deployment";
import { acquireArtifacts, type BuiltArtifacts } from "./artifacts.ts";
import {
  type EnvironmentIdentity,
  lookupFunctionEnv,
  odooPassIn,
  tokenFunctionEnv,
} from "./function-env.ts";
import {
  type FunctionProcess,
  inProcessLauncher,
  type Launcher,
  type LaunchOptions,
  type LocalFunction,
  processLauncher,
} from "./launcher.ts";
import {
  LOCAL_ACCESS_PASSWORD,
  LOCAL_PROJECT,
  type LocalStackOptions,
  localTriggerAccount,
  odooLogin,
} from "./options.ts";
import { freePort, loopbackUrl } from "./ports.ts";

export interface LocalStack<F extends LocalFunction = LocalFunction> {
  emulator: RunningEmulator;
  issuer: RunningLocalIssuer;
  accessPassword: string;
  /** Per environment (served or not): the lookup's audience and trigger account. */
  audience: Record<Environment, string>;
  triggerAccount: Record<Environment, string>;
  token: F;
  /** The lookup started with the stack for `environment` (throws for one not started). */
  lookup(environment: Environment): F;
  /** Another token function (fresh caches) with extra env; stopped by close(). */
  startToken(env?: Record<string, string>, options?: NamedLaunch): Promise<F>;
  /** Another lookup function for `environment` (fresh caches) with extra env, on a free port. */
  startLookup(
    environment: Environment,
    env?: Record<string, string>,
    options?: NamedLaunch,
  ): Promise<F>;
  /** A valid bearer token for `environment`, signed by the local issuer (no HTTP round trip). */
  signToken(environment: Environment): Promise<string>;
  /** Stops the local issuer: token minting becomes unreachable (connection refused). */
  stopIssuer(): Promise<void>;
  /** Every log line the functions wrote so far. */
  logs: string[];
  /** Every secret the stack handed out: none may appear in a response or a log line. */
  secrets(): string[];
  /** Stops everything and frees every port; safe to call twice. */
  close(): Promise<void>;
}

export interface NamedLaunch extends LaunchOptions {
  name?: string;
}

export interface InProcessStack extends LocalStack<LocalFunction> {
  /** Holds `access_password` and every environment's `odoo_<env>_*` secrets. */
  secretManager: FakeSecretManager;
}

export interface ProcessStack extends LocalStack<FunctionProcess> {
  /** The artifacts' folders, in one temporary folder the last close() in this process removes. */
  artifacts: BuiltArtifacts;
}

export function startLocalStack(
  options: LocalStackOptions & { run: "processes" },
): Promise<ProcessStack>;
export function startLocalStack(
  options?: LocalStackOptions & { run?: "in-process" },
): Promise<InProcessStack>;
export function startLocalStack(options?: LocalStackOptions): Promise<LocalStack>;
export async function startLocalStack(
  options: LocalStackOptions = {},
): Promise<InProcessStack | ProcessStack> {
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    return await assemble(options, closers, closeAll);
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function assemble(
  options: LocalStackOptions,
  closers: (() => Promise<unknown>)[],
  closeAll: () => Promise<void>,
): Promise<InProcessStack | ProcessStack> {
  const logs: string[] = [];
  const write = (line: string) => logs.push(line);
  const inProcess = (options.run ?? "in-process") === "in-process";
  if (!inProcess && options.secrets === "secret-manager") {
    throw new Error("local-stack: secrets from Secret Manager need run: in-process");
  }
  const processes = inProcess ? undefined : await acquireArtifacts();
  if (processes) closers.push(processes.release);

  const [emulator, issuer, secretManager] = await Promise.all([
    startEmulator(options.emulator),
    startLocalIssuer(options.ports?.issuer ? { port: options.ports.issuer } : {}),
    inProcess ? startFakeSecretManager() : undefined,
  ]);
  closers.push(() => emulator.close());
  let issuerStopped = false;
  const stopIssuer = async () => {
    if (issuerStopped) return;
    issuerStopped = true;
    await issuer.close();
  };
  closers.push(stopIssuer);
  if (secretManager) closers.push(() => secretManager.close());

  const served = options.environments ?? ENVIRONMENTS;
  const accessPassword = options.accessPassword ?? LOCAL_ACCESS_PASSWORD;
  const ports: Record<Environment, number> = { prod: 0, stage: 0 };
  const identity = {} as Record<Environment, EnvironmentIdentity>;
  for (const environment of ENVIRONMENTS) {
    ports[environment] = options.ports?.lookup?.[environment] || (await freePort());
    identity[environment] = {
      audience: options.audience?.[environment] ?? loopbackUrl(ports[environment]),
      triggerAccount: localTriggerAccount(environment),
    };
  }
  if (secretManager) {
    secretManager.setSecret(LOCAL_PROJECT, ACCESS_PASSWORD_SECRET, accessPassword);
    for (const environment of ENVIRONMENTS) {
      const names = odooSecretNames(environment);
      const odoo = odooLogin(options, environment, emulator);
      for (const key of ["server", "db", "user", "pass"] as const) {
        secretManager.setSecret(LOCAL_PROJECT, names[key], odoo[key]);
      }
    }
  }

  let launcher: Launcher<LocalFunction>;
  if (processes) {
    launcher = processLauncher(processes.artifacts, write, options.startTimeoutMs ?? 30_000);
  } else {
    const bodyErrors = answerFrameworkBodyErrors(
      createLogger({ write }),
      options.respondToBodyErrors ? { respond: options.respondToBodyErrors } : {},
    );
    closers.push(async () => bodyErrors.restore());
    launcher = inProcessLauncher(write, secretManager as FakeSecretManager);
  }
  closers.push(() => launcher.stopAll());

  const tokenEnv = {
    ...tokenFunctionEnv({
      accessPassword,
      issuerUrl: issuer.url,
      project: LOCAL_PROJECT,
      identities: Object.fromEntries(served.map((e) => [e, identity[e]])),
    }),
    ...options.tokenEnv,
  };
  const lookupEnv = (environment: Environment) => ({
    ...lookupFunctionEnv({
      environment,
      identity: identity[environment],
      issuer,
      project: LOCAL_PROJECT,
      odoo:
        options.secrets === "secret-manager"
          ? undefined
          : odooLogin(options, environment, emulator),
    }),
    ...options.lookupEnv,
  });
  const envs: Record<string, string | undefined>[] = [];
  let extras = 0;
  const startToken = async (extra: Record<string, string> = {}, launch: NamedLaunch = {}) =>
    launcher.launch(
      "token",
      launch.name ?? `token-${++extras}`,
      await freePort(),
      {
        ...tokenEnv,
        ...extra,
      },
      launch,
    );
  const startLookup = async (
    environment: Environment,
    extra: Record<string, string> = {},
    launch: NamedLaunch = {},
    port?: number,
  ) => {
    const env = { ...lookupEnv(environment), ...extra };
    envs.push(env);
    const name = launch.name ?? `lookup-${environment}-${++extras}`;
    return launcher.launch("lookup", name, port ?? (await freePort()), env, launch);
  };

  const [token, ...lookups] = await Promise.all([
    launcher.launch("token", "token", options.ports?.token || (await freePort()), tokenEnv),
    ...(options.lookups ?? served).map((environment) =>
      startLookup(environment, {}, { name: `lookup-${environment}` }, ports[environment]),
    ),
  ]);
  const started = new Map((options.lookups ?? served).map((e, i) => [e, lookups[i]]));

  let closed: Promise<void> | undefined;
  const stack: LocalStack<LocalFunction> = {
    emulator,
    issuer,
    accessPassword,
    audience: { prod: identity.prod.audience, stage: identity.stage.audience },
    triggerAccount: { prod: identity.prod.triggerAccount, stage: identity.stage.triggerAccount },
    token: token as LocalFunction,
    lookup(environment) {
      const fn = started.get(environment);
      if (!fn) throw new Error(`local-stack: no ${environment} lookup was started with the stack`);
      return fn;
    },
    startToken,
    startLookup: (environment, extra, launch) => startLookup(environment, extra, launch),
    signToken: (environment) =>
      signTestToken(issuer, {
        aud: identity[environment].audience,
        email: identity[environment].triggerAccount,
        email_verified: true,
      }),
    stopIssuer,
    logs,
    secrets: () =>
      [
        ...new Set([
          accessPassword,
          DEMO.users.integration.apiKey,
          DEMO.users.integration.password,
          ...envs.flatMap((env) => ENVIRONMENTS.map((e) => odooPassIn(e, env))),
        ]),
      ].filter((value): value is string => !!value),
    close() {
      closed ??= closeAll();
      return closed;
    },
  };
  return processes
    ? ({ ...stack, artifacts: processes.artifacts } as ProcessStack)
    : { ...stack, secretManager: secretManager as FakeSecretManager };
}
