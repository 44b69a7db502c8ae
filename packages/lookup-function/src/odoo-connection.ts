import { createHash } from "node:crypto";
import type { Environment, Logger, SecretSource } from "@jsm-odoo/function-runtime";
import type {
  OdooClient,
  OdooClientOptions,
  OdooProtocolSetting,
  ProtocolChoice,
} from "@jsm-odoo/odoo-client";
import {
  createSerialLookup,
  type ExtraFieldsConfig,
  type SerialLookup,
} from "@jsm-odoo/serial-lookup";
import { odooSecretNames } from "./deployment.ts";
import { LookupError } from "./errors.ts";

/**
 * Longest a request waits for a secret refresh when a working connection already exists.
 * Secret Manager answers in well under a second; when it does not (an outage, the client
 * retrying UNAVAILABLE for up to its timeout), the request goes on with the current connection
 * (the last good credentials) instead of waiting. Without a connection yet, only the request
 * deadline bounds the wait: there is nothing to fall back to.
 */
export const SECRET_READ_BUDGET_MS = 2_000;

export interface OdooConnectionOptions {
  environment: Environment;
  /** Usually `cachedSecrets(...)`: a rotated secret shows up here within its TTL. */
  secrets: SecretSource;
  logger: Logger;
  extraFields?: ExtraFieldsConfig;
  /** Default `auto`. */
  protocol?: OdooProtocolSetting;
  /** Odoo requests in flight at once (default: the client's). */
  maxConcurrentRequests?: number;
  createClient: (options: OdooClientOptions) => OdooClient;
}

export interface OdooConnection {
  /** The lookup for the current credentials, its extra fields checked. */
  get(call: { signal?: AbortSignal; deadline?: number }): Promise<SerialLookup>;
  close(): void;
}

interface Credentials {
  url: string;
  db: string;
  username: string;
  password: string;
}

interface Current {
  fingerprint: string;
  client: OdooClient;
  lookup: SerialLookup;
}

/**
 * One Odoo client per instance (so one `authenticate` per process), rebuilt only when the
 * credentials in the secrets change: rotating `odoo_<env>_pass` takes effect within the secret
 * TTL, without a redeploy. The extra fields are checked against the server (`fields_get`) once
 * per client, on first use rather than at start-up so that a cold start never waits on Odoo.
 */
export function createOdooConnection(options: OdooConnectionOptions): OdooConnection {
  const names = odooSecretNames(options.environment);
  const { logger } = options;
  let current: Current | undefined;
  // Configuration problems (a configured field missing on the server) are logged once per
  // process, even when a credential rotation builds a new lookup that finds them again.
  const warned = new Set<string>();
  const onWarning = (problem: string) => {
    if (warned.has(problem)) return;
    warned.add(problem);
    logger.warn("extra fields configuration problem", { problem });
  };

  /** Fingerprint of secrets found to make no valid client: logged once, not once a request. */
  let invalid: string | undefined;
  const connect = (creds: Credentials, fingerprint: string): Current | undefined => {
    try {
      assertEncryptedTransport(creds.url, names.server);
      const client = options.createClient({
        ...creds,
        protocol: options.protocol ?? "auto",
        maxConcurrentRequests: options.maxConcurrentRequests,
        onProtocolChosen: (choice: ProtocolChoice) =>
          logger.info("odoo protocol chosen", { ...choice }),
      });
      const lookup = createSerialLookup(client, { extraFields: options.extraFields, onWarning });
      return { fingerprint, client, lookup };
    } catch (error) {
      if (invalid !== fingerprint) {
        invalid = fingerprint;
        // The client's option checks name the problem, never a password's value.
        logger.error("odoo secrets do not make a valid connection", {
          problem: (error as Error).message,
          serving: current ? "the last good connection" : "503 CONFIG_INVALID",
        });
      }
      return undefined;
    }
  };

  let secretsFailing = false;
  const credentials = async (signal?: AbortSignal): Promise<Credentials> => {
    const [url, db, username, password] = await Promise.all([
      options.secrets.get(names.server, signal),
      options.secrets.get(names.db, signal),
      options.secrets.get(names.user, signal),
      options.secrets.get(names.pass, signal),
    ]);
    return { url, db, username, password };
  };

  return {
    async get(call) {
      let creds: Credentials;
      try {
        const signals = [call.signal, current && AbortSignal.timeout(SECRET_READ_BUDGET_MS)];
        const active = signals.filter((signal): signal is AbortSignal => signal !== undefined);
        creds = await credentials(active.length > 0 ? AbortSignal.any(active) : undefined);
        if (secretsFailing) logger.notice("odoo secrets readable again");
        secretsFailing = false;
      } catch (error) {
        if (!current || call.signal?.aborted) throw error;
        if (!secretsFailing) {
          logger.warn("odoo secrets unreadable; keeping the current Odoo connection", { error });
        }
        secretsFailing = true;
        await current.lookup.init(call);
        return current.lookup;
      }
      const fingerprint = createHash("sha256")
        .update(JSON.stringify([creds.url, creds.db, creds.username, creds.password]))
        .digest("hex");
      if (current?.fingerprint !== fingerprint) {
        const next = connect(creds, fingerprint);
        if (next && current) {
          logger.notice("odoo credentials changed; connecting with the new ones", {
            // The origin only: the secret may hold proxy credentials (`https://user:key@host`).
            odooUrl: URL.parse(creds.url)?.origin ?? "(not a URL)",
            odooDb: creds.db,
          });
          current.client.close();
        }
        // Secrets that make no valid client keep the last good connection, as unreadable ones do.
        current = next ?? current;
      }
      if (!current) {
        throw new LookupError("CONFIG_INVALID", "the Odoo secrets do not make a valid connection");
      }
      const { lookup } = current;
      // fields_get once per client; a failed check (Odoo down) is retried by the next request.
      await lookup.init(call);
      return lookup;
    },
    close() {
      current?.client.close();
      current = undefined;
    },
  };
}

/**
 * The Odoo password or API key travels in every request (XML-RPC arguments, JSON-2 bearer), so
 * the Odoo URL must be `https://`. Plain `http://` is accepted only for a server on this machine
 * (the emulator, a local Odoo): the bytes never leave the host. Any other `http://` URL is a
 * configuration error, reported like the client's own option checks (logged once, 503).
 */
export function assertEncryptedTransport(url: string, secretName: string): void {
  const parsed = URL.parse(url);
  if (parsed?.protocol !== "http:" || isLoopbackHost(parsed.hostname)) return;
  throw new LookupError(
    "CONFIG_INVALID",
    `${secretName} must be an https:// URL: the Odoo API key would cross the network in clear text (http:// is accepted for loopback only; got ${parsed.origin})`,
  );
}

/** `localhost`, 127.0.0.0/8 or ::1, as URL.hostname spells them (IPv6 in brackets). */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
