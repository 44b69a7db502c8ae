import { OdooError } from "./errors.ts";
import { type AttemptPolicy, runAttempts } from "./policy.ts";
import type { RpcEvent } from "./stats.ts";
import type { OdooTransport } from "./transport.ts";
import type { ServerVersion } from "./types.ts";
import { parseServerVersion } from "./versions.ts";

/**
 * What a client learns once and shares: the server version and the uid. Each is one request
 * whatever the number of concurrent callers; the request runs detached from any one caller's
 * deadline (callers wait for it with `within()`), bounded by the attempt timeout and retries.
 */
export interface Session {
  version(): Promise<ServerVersion>;
  uid(): Promise<number>;
}

export function createSession(
  transport: OdooTransport,
  policy: AttemptPolicy,
  record: (event: RpcEvent) => void,
  authFailureHoldMs: number,
): Session {
  let version: Promise<ServerVersion> | undefined;
  let uid: Promise<number> | undefined;
  let rejectedUntil = 0;

  return {
    version() {
      version ??= forgetOnFailure(
        runAttempts(
          { service: "common", method: "version" },
          (signal) => transport.version({ signal }),
          {},
          policy,
          record,
        ).then(parseServerVersion),
        () => {
          version = undefined;
        },
      );
      return version;
    },
    uid() {
      if (Date.now() < rejectedUntil) {
        return Promise.reject(authRejected("(not asked again: Odoo rejected them moments ago)"));
      }
      // Transient failures (network, 5xx) are retried: they are not failed logins. A `false`
      // answer is final: retrying would walk into Odoo's login cooldown.
      uid ??= forgetOnFailure(
        runAttempts(
          { service: "common", method: "authenticate" },
          (signal) => transport.authenticate({ signal }),
          {},
          policy,
          record,
        ).then((answer) => {
          if (answer === false) {
            rejectedUntil = Date.now() + authFailureHoldMs;
            throw authRejected("");
          }
          return answer;
        }),
        () => {
          uid = undefined;
        },
      );
      return uid;
    },
  };
}

/** A failed shared request is forgotten so that a later call can try again. */
function forgetOnFailure<T>(promise: Promise<T>, forget: () => void): Promise<T> {
  promise.catch(forget);
  return promise;
}

function authRejected(detail: string): OdooError {
  return new OdooError(
    "ODOO_AUTH_REJECTED",
    `Odoo rejected the login or API key ${detail}`.trim(),
    {
      faultString: "authenticate() returned false",
    },
  );
}
