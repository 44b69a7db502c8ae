/**
 * Starts one function of the stack, in this process or as a child, and keeps what it needs to
 * stop them all: the one place that knows the two ways a function runs.
 */
import { createLogger, secretManagerSource } from "@jsm-odoo/function-runtime";
import type { FakeSecretManager } from "@jsm-odoo/function-runtime/testing";
import { createLookupFunction } from "@jsm-odoo/lookup-function";
import { createTokenFunction } from "@jsm-odoo/token-function";
import type { BuiltArtifacts } from "./artifacts.ts";
import {
  type ChildFunction,
  type FunctionKind,
  startChildFunction,
  waitUntilServing,
} from "./child-process.ts";
import type { FunctionEnv } from "./function-env.ts";
import { serveHandler } from "./in-process.ts";
import { LOCAL_PROJECT } from "./options.ts";

/** A function the stack started. */
export interface LocalFunction {
  kind: FunctionKind;
  /** `token`, `lookup-prod`, or the name given to startToken/startLookup. */
  name: string;
  url: string;
  /**
   * The environment the function was built from. In process, a lookup reads its secrets from it
   * lazily: change a value to rotate that secret.
   */
  env: FunctionEnv;
  stop(): Promise<void>;
}

/** A function running as a deploy artifact in its own process. */
export interface FunctionProcess extends LocalFunction, Omit<ChildFunction, "url" | "stop"> {}

export interface LaunchOptions {
  /** Token function, in process: `secret-manager` reads the access password from the stand-in. */
  secrets?: "env" | "secret-manager";
  /** Lookup function, in process: the Secret Manager client's options (default the stand-in's). */
  secretManagerClientOptions?: object;
}

export interface Launcher<F extends LocalFunction> {
  launch(
    kind: FunctionKind,
    name: string,
    port: number,
    env: FunctionEnv,
    options?: LaunchOptions,
  ): Promise<F>;
  stopAll(): Promise<void>;
}

/** Handlers served in this process; their log lines go to `write`. */
export function inProcessLauncher(
  write: (line: string) => void,
  secretManager: FakeSecretManager,
): Launcher<LocalFunction> {
  const started: LocalFunction[] = [];
  return {
    async launch(kind, name, port, env, options = {}) {
      const handler =
        kind === "token"
          ? createTokenFunction(env, {
              write,
              ...(options.secrets === "secret-manager"
                ? {
                    secrets: secretManagerSource({
                      project: LOCAL_PROJECT,
                      clientOptions: secretManager.clientOptions,
                    }),
                  }
                : {}),
            })
          : createLookupFunction(env, {
              logger: createLogger({ write }),
              secretManagerClientOptions:
                options.secretManagerClientOptions ?? secretManager.clientOptions,
            });
      const served = await serveHandler(handler, port);
      const fn = { kind, name, url: served.url, env, stop: served.close };
      started.push(fn);
      return fn;
    },
    stopAll: () => stopEvery(started),
  };
}

/** Artifacts under the framework binary, one child each; their lines go to `onLine`. */
export function processLauncher(
  artifacts: BuiltArtifacts,
  onLine: (line: string) => void,
  startTimeoutMs: number,
): Launcher<FunctionProcess> {
  const started: FunctionProcess[] = [];
  return {
    async launch(kind, name, port, env, options = {}) {
      if (options.secrets === "secret-manager" || options.secretManagerClientOptions) {
        throw new Error("local-stack: Secret Manager options are for in-process functions only");
      }
      const child = startChildFunction(kind, artifacts[kind], port, env, onLine);
      const fn: FunctionProcess = { ...child, kind, name, env };
      started.push(fn);
      await waitUntilServing(name, child, startTimeoutMs);
      return fn;
    },
    stopAll: () => stopEvery(started),
  };
}

async function stopEvery(started: readonly LocalFunction[]): Promise<void> {
  await Promise.allSettled(started.map((fn) => fn.stop()));
}
