import { RuntimeError } from "../errors.ts";

/** Reads the latest version of a secret, by its Secret Manager name (`access_password`). */
export interface SecretSource {
  get(name: string, signal?: AbortSignal): Promise<string>;
}

// Secret Manager secret ids: letters, digits, `_` and `-`, at most 255 characters.
// https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create
const SECRET_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Refuses names that could not be a secret id (and so could not smuggle a path segment). */
export function assertSecretName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new TypeError(`secret name must match ${SECRET_NAME} (got ${JSON.stringify(name)})`);
  }
}

/**
 * `gcloud secrets versions add --data-file=-` and editors add a final newline that nobody means
 * to be part of a password or URL: drop trailing line breaks, keep everything else.
 */
export function trimSecretValue(value: string): string {
  return value.replace(/[\r\n]+$/, "");
}

export function secretReadAborted(name: string, signal: AbortSignal): RuntimeError {
  return new RuntimeError("SECRET_ABORTED", `reading secret ${name} was aborted`, {
    cause: signal.reason,
  });
}

/** Settles with `work`, or rejects with SECRET_ABORTED as soon as `signal` aborts. */
export function raceAbort<T>(work: Promise<T>, name: string, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(secretReadAborted(name, signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(secretReadAborted(name, signal));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
