import { OdooError } from "./errors.ts";
import { createJson2Transport } from "./json2-transport.ts";
import { hasUserInfo, type OdooProtocol } from "./options.ts";
import type { OdooTransport, TransportCall } from "./transport.ts";
import type { ServerVersion } from "./types.ts";
import { parseServerVersion } from "./versions.ts";
import { abortedError } from "./wire-errors.ts";
import { createXmlRpcTransport } from "./xmlrpc-transport.ts";

/** Which wire protocol a client settled on, and why: for one log line per client. */
export interface ProtocolChoice {
  protocol: OdooProtocol;
  /** What was asked for: a fixed protocol, or `auto`. */
  requested: OdooProtocol | "auto";
  reason: string;
  /** e.g. "19.0", when the choice came from the server's answer. */
  serverVersion?: string;
}

export interface AutoTransportOptions {
  url: string;
  db: string;
  username: string;
  /** An API key (JSON-2 takes nothing else) or, on XML-RPC, a password. */
  password: string;
  /** Longest wait for the version question; a hung answer is a transient failure. */
  probeTimeoutMs: number;
  /** Called once, when the choice is final. Must not throw. */
  onChoice: (choice: ProtocolChoice) => void;
}

/** Odoo 19 is the first release with JSON-2 (`/json/2/...`); it deprecated XML-RPC. */
export const FIRST_JSON2_MAJOR = 19;

/**
 * `protocol: "auto"`: JSON-2 when `GET /web/version` says Odoo 19 or later, XML-RPC otherwise or
 * when JSON-2 refuses a password (docs/decisions.md gives the rules and why).
 */
export function createAutoTransport(options: AutoTransportOptions): OdooTransport {
  const { url, db, username, password } = options;
  const xmlrpc = createXmlRpcTransport({ url, db, username, password });
  const closing = new AbortController();
  const urlCarriesCredentials = hasUserInfo(url);
  const json2 = urlCarriesCredentials
    ? undefined
    : createJson2Transport({ url, db, apiKey: password, username });
  let chosen: OdooTransport | undefined = json2 ? undefined : xmlrpc;
  let choosing: Promise<OdooTransport> | undefined;
  /** The probe's answer, reused as the version when it parsed. */
  let probedVersion: unknown;
  let reported = false;

  const report = (choice: Omit<ProtocolChoice, "requested">) => {
    if (reported) return;
    reported = true;
    try {
      options.onChoice({ ...choice, requested: "auto" });
    } catch {
      // A logging hook must never break a read.
    }
  };

  async function probe(json2: OdooTransport, signal: AbortSignal): Promise<OdooTransport> {
    let raw: unknown;
    let why: string | undefined;
    try {
      raw = await json2.version({ signal });
      if (tryParseVersion(raw) === undefined) why = "GET /web/version gave no usable version";
    } catch (error) {
      if (!answeredWithoutJson2(error)) throw error;
      const status = error instanceof OdooError ? error.httpStatus : undefined;
      why = `GET /web/version answered ${status ? `HTTP ${status}` : "no HTTP answer"}${
        error instanceof OdooError && error.code === "ODOO_PROTOCOL" ? ", not a JSON version" : ""
      }`;
    }
    let version = tryParseVersion(raw);
    if (version === undefined) {
      // Not a JSON-2 answer: XML-RPC's own version() decides (and is the version before 19).
      raw = await xmlrpc.version({ signal });
      version = parseServerVersion(raw);
    }
    probedVersion = raw;
    if (version.major >= FIRST_JSON2_MAJOR) return json2;
    report({
      protocol: "xmlrpc",
      reason: `Odoo ${version.version} predates JSON-2 (${why ?? "it says so on GET /web/version"})`,
      serverVersion: version.version,
    });
    return xmlrpc;
  }

  /**
   * One probe whatever the number of callers. It runs on its own signal (closing the transport or
   * the probe timeout stops it), and each caller waits with its own: a caller giving up does not
   * fail the others.
   */
  function choose(call: TransportCall): Promise<OdooTransport> {
    if (chosen) return Promise.resolve(chosen);
    if (!json2) return Promise.resolve(xmlrpc);
    choosing ??= startProbe(json2);
    return waitFor(choosing, call.signal);
  }

  function startProbe(json2: OdooTransport): Promise<OdooTransport> {
    const timeout = AbortSignal.timeout(options.probeTimeoutMs);
    return probe(json2, AbortSignal.any([closing.signal, timeout])).then(
      (transport) => {
        chosen = transport;
        return transport;
      },
      (error: unknown) => {
        choosing = undefined; // a transient failure: the next call asks again
        // The probe's own timeout is a slow Odoo, retryable like any attempt timeout (callers
        // waiting on the probe get this error, not their own timeout).
        if (timeout.aborted && !closing.signal.aborted) {
          throw new OdooError("ODOO_TIMEOUT", "Odoo did not answer the version question in time", {
            retryable: true,
            cause: error,
          });
        }
        throw error;
      },
    );
  }

  if (urlCarriesCredentials) {
    report({
      protocol: "xmlrpc",
      reason:
        "the Odoo URL carries credentials (user:password@host), and JSON-2 needs the Authorization header for the API key",
    });
  }

  return {
    get kind() {
      return chosen?.kind ?? "auto";
    },
    async version(call) {
      const transport = await choose(call);
      return probedVersion ?? transport.version(call);
    },
    async authenticate(call) {
      const transport = await choose(call);
      if (transport !== json2) return transport.authenticate(call);
      const uid = await json2.authenticate(call);
      const serverVersion = tryParseVersion(probedVersion)?.version;
      if (uid !== false) {
        report({ protocol: "json2", reason: `Odoo ${serverVersion} serves JSON-2`, serverVersion });
        return uid;
      }
      // A key JSON-2 refuses is wrong or revoked: asking XML-RPC would only add a failed login.
      if (looksLikeApiKey(password)) return false;
      const xmlrpcUid = await xmlrpc.authenticate(call);
      if (xmlrpcUid === false) return false; // wrong for both: a bad credential
      chosen = xmlrpc;
      report({
        protocol: "xmlrpc",
        reason: `Odoo ${serverVersion} serves JSON-2, which answered 401 to the credential XML-RPC accepts (a password, not an API key?): store an API key, Odoo 22 removes XML-RPC`,
        serverVersion,
      });
      return xmlrpcUid;
    },
    async executeKw(request, call) {
      return (await choose(call)).executeKw(request, call);
    },
    close() {
      closing.abort("transport closed");
      json2?.close();
      xmlrpc.close();
    },
  };
}

/** Something answered, though not with a version (vs. no answer at all: retry). */
function answeredWithoutJson2(error: unknown): boolean {
  if (!(error instanceof OdooError)) return false;
  if (error.retryable || error.code === "ODOO_TIMEOUT" || error.code === "ODOO_ABORTED") {
    return false;
  }
  if (error.code === "ODOO_UNAVAILABLE") return false;
  return error.httpStatus === undefined ? error.code === "ODOO_PROTOCOL" : error.httpStatus < 500;
}

function tryParseVersion(raw: unknown): ServerVersion | undefined {
  if (raw === undefined) return undefined;
  try {
    return parseServerVersion(raw);
  } catch {
    return undefined;
  }
}

/**
 * Odoo's API keys are 20 random bytes in hex (`res.users.apikeys._generate`: 40 characters,
 * Odoo 14 to 19); a password of that exact shape is unlikely.
 */
export function looksLikeApiKey(credential: string): boolean {
  return /^[0-9a-f]{40}$/i.test(credential);
}

function waitFor<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortedError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const abandon = () => reject(abortedError(signal.reason));
    signal.addEventListener("abort", abandon, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", abandon);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abandon);
        reject(error);
      },
    );
  });
}
