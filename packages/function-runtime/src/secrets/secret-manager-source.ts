import type { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { RuntimeError } from "../errors.ts";
import {
  assertSecretName,
  raceAbort,
  type SecretSource,
  secretReadAborted,
  trimSecretValue,
} from "./secret-source.ts";

export interface SecretManagerSourceOptions {
  /** Project id (or number) that holds the secrets. */
  project: string;
  /**
   * Passed to `new SecretManagerServiceClient(...)`. Tests point it at a local HTTP server:
   * `{fallback: true, apiEndpoint: "127.0.0.1", port, protocol: "http", authClient}`.
   */
  clientOptions?: object;
  /**
   * Longest wait for one read, retries included (default 5_000 ms; Secret Manager answers in tens
   * of milliseconds, so this much silence is an outage). Enforced here: the client's own call
   * timeout is only checked between its retries, after backoffs of up to a minute.
   */
  timeoutMs?: number;
}

// Type-only: erased at run time, so the heavy module still loads lazily.
type ClientOptions = ConstructorParameters<typeof SecretManagerServiceClient>[0];

interface AccessClient {
  accessSecretVersion(
    request: { name: string },
    options?: { timeout?: number },
  ): Promise<[{ payload?: { data?: Uint8Array | string | null } | null }, ...unknown[]]>;
}

/** Default longest wait for one secret read. */
export const DEFAULT_SECRET_READ_TIMEOUT_MS = 5_000;

// gRPC status codes the client reports (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).
const NOT_FOUND = 5;
// The latest version is disabled or destroyed (https://cloud.google.com/secret-manager/docs/error-codes).
const FAILED_PRECONDITION = 9;
const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;

/**
 * Secrets from Google Secret Manager, always the `latest` version so that an operator's
 * `gcloud secrets versions add` takes effect without a redeploy (pair with `cachedSecrets`).
 * The client library is imported on first use: loading it costs about 120 ms, which local mode
 * and cold starts that never read a secret should not pay.
 */
export function secretManagerSource(options: SecretManagerSourceOptions): SecretSource {
  const { project, clientOptions, timeoutMs = DEFAULT_SECRET_READ_TIMEOUT_MS } = options;
  if (!project) throw new TypeError("secretManagerSource: project is required");
  let client: Promise<AccessClient> | undefined;
  const getClient = (): Promise<AccessClient> => {
    client ??= import("@google-cloud/secret-manager").then(
      ({ SecretManagerServiceClient }) =>
        new SecretManagerServiceClient(clientOptions as ClientOptions) as unknown as AccessClient,
    );
    // A failed import must not poison every later call.
    client.catch(() => {
      client = undefined;
    });
    return client;
  };

  return {
    async get(name, signal) {
      assertSecretName(name);
      if (signal?.aborted) throw secretReadAborted(name, signal);
      const versionName = `projects/${project}/secrets/${name}/versions/latest`;
      const access = getClient().then((c) =>
        c.accessSecretVersion({ name: versionName }, { timeout: timeoutMs }),
      );
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Awaited<typeof access>[0];
      try {
        [response] = await raceAbort(
          access,
          name,
          signal ? AbortSignal.any([signal, timeout]) : timeout,
        );
      } catch (error) {
        if (timeout.aborted && !signal?.aborted) {
          throw new RuntimeError(
            "SECRET_UNAVAILABLE",
            `secret ${name}: Secret Manager did not answer within ${timeoutMs} ms`,
            { cause: error },
          );
        }
        throw toRuntimeError(name, error);
      }
      const data = response.payload?.data;
      if (data === undefined || data === null) {
        throw new RuntimeError("SECRET_UNAVAILABLE", `secret ${name}: the version has no payload`);
      }
      const text = typeof data === "string" ? data : Buffer.from(data).toString("utf8");
      const value = trimSecretValue(text);
      if (!value) throw new RuntimeError("SECRET_NOT_FOUND", `secret ${name}: the value is empty`);
      return value;
    },
  };
}

function toRuntimeError(name: string, error: unknown): RuntimeError {
  if (error instanceof RuntimeError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === NOT_FOUND) {
    return new RuntimeError("SECRET_NOT_FOUND", `secret ${name}: no such secret or no version`, {
      cause: error,
    });
  }
  if (code === FAILED_PRECONDITION) {
    return new RuntimeError(
      "SECRET_DISABLED",
      `secret ${name}: its latest version is disabled or destroyed`,
      { cause: error },
    );
  }
  if (code === PERMISSION_DENIED || code === UNAUTHENTICATED) {
    return new RuntimeError(
      "SECRET_ACCESS_DENIED",
      `secret ${name}: access denied (grant roles/secretmanager.secretAccessor on this secret)`,
      { cause: error },
    );
  }
  return new RuntimeError("SECRET_UNAVAILABLE", `secret ${name}: Secret Manager did not answer`, {
    cause: error,
  });
}
