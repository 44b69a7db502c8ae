import { OdooError } from "./errors.ts";
import { createJson2Transport } from "./json2-transport.ts";
import type { OdooProtocol } from "./options.ts";
import type { OdooTransport, TransportCall } from "./transport.ts";
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
 * `protocol: "auto"`: JSON-2 when the server says it is Odoo 19 or later, XML-RPC otherwise.
 *
 * The question is `GET /web/version`, JSON-2's unauthenticated version route. Before 19 the
 * route is absent or not a plain GET (an HTML 404, an error page, not JSON): that is an answer
 * too, "no JSON-2". Only a failure to get any answer (network, 5xx, timeout) leaves the question
 * open, so that an Odoo restarting during a cold start is not mistaken for an old one.
 *
 * JSON-2 accepts API keys only. When the stored credential is a password, JSON-2 refuses it
 * (401) while XML-RPC still takes it: the transport then stays on XML-RPC and says so, because
 * a working integration must not break the day Odoo is upgraded to 19. The choice is reported
 * once it is final: after authentication when JSON-2 was picked.
 */
export function createAutoTransport(options: AutoTransportOptions): OdooTransport {
  const { url, db, username, password } = options;
  const json2 = createJson2Transport({ url, db, apiKey: password, username });
  const xmlrpc = createXmlRpcTransport({ url, db, username, password });
  const closing = new AbortController();
  let chosen: OdooTransport | undefined;
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

  async function probe(signal: AbortSignal): Promise<OdooTransport> {
    let raw: unknown;
    try {
      raw = await json2.version({ signal });
    } catch (error) {
      if (!answeredWithoutJson2(error)) throw error;
      const status = error instanceof OdooError ? error.httpStatus : undefined;
      report({
        protocol: "xmlrpc",
        reason: `no JSON-2 version route (GET /web/version answered ${status ? `HTTP ${status}` : "something else"}): Odoo before 19`,
      });
      return xmlrpc;
    }
    let version: ReturnType<typeof parseServerVersion>;
    try {
      version = parseServerVersion(raw);
    } catch {
      report({ protocol: "xmlrpc", reason: "GET /web/version gave no usable version" });
      return xmlrpc;
    }
    probedVersion = raw;
    if (version.major >= FIRST_JSON2_MAJOR) return json2;
    report({
      protocol: "xmlrpc",
      reason: `Odoo ${version.version} predates JSON-2`,
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
    choosing ??= probe(
      AbortSignal.any([closing.signal, AbortSignal.timeout(options.probeTimeoutMs)]),
    ).then(
      (transport) => {
        chosen = transport;
        return transport;
      },
      (error: unknown) => {
        choosing = undefined; // a transient failure: the next call asks again
        throw error;
      },
    );
    return waitFor(choosing, call.signal);
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
      const serverVersion = probedVersion ? parseServerVersion(probedVersion).version : undefined;
      if (uid !== false) {
        report({ protocol: "json2", reason: `Odoo ${serverVersion} serves JSON-2`, serverVersion });
        return uid;
      }
      const xmlrpcUid = await xmlrpc.authenticate(call);
      if (xmlrpcUid === false) return false; // wrong for both: a bad credential, not a password
      chosen = xmlrpc;
      report({
        protocol: "xmlrpc",
        reason: `Odoo ${serverVersion} serves JSON-2 but refused the credential, which XML-RPC accepts: store an API key (Odoo 22 removes XML-RPC)`,
        serverVersion,
      });
      return xmlrpcUid;
    },
    async executeKw(request, call) {
      return (await choose(call)).executeKw(request, call);
    },
    close() {
      closing.abort("transport closed");
      json2.close();
      xmlrpc.close();
    },
  };
}

/** Odoo answered, and the answer means "no JSON-2 here" (vs. no answer at all). */
function answeredWithoutJson2(error: unknown): boolean {
  if (!(error instanceof OdooError)) return false;
  if (error.retryable || error.code === "ODOO_TIMEOUT" || error.code === "ODOO_ABORTED") {
    return false;
  }
  if (error.code === "ODOO_UNAVAILABLE") return false;
  return error.httpStatus === undefined ? error.code === "ODOO_PROTOCOL" : error.httpStatus < 500;
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
