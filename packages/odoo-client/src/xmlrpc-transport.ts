import http from "node:http";
import https from "node:https";
import OdooAwait from "odoo-await";
import xmlrpc from "xmlrpc";
import type { ExecuteKwRequest, OdooTransport, TransportCall } from "./transport.ts";
import { abortedError, classifyWireError } from "./wire-errors.ts";

export interface XmlRpcTransportOptions {
  url: string;
  db: string;
  username: string;
  password: string;
}

type ClientOptions = ReturnType<OdooAwait["createClientOptions"]>;
type XmlRpcClientOptions = Exclude<Parameters<typeof xmlrpc.createClient>[0], string>;

/**
 * odoo-await builds a fresh `xmlrpc` client per call from `createClientOptions(path)` and the
 * `xmlrpc` client hands those options straight to `http.request`. Overriding that one method is
 * how we add what neither library has: a keep-alive agent and an AbortSignal per request
 * (Node destroys the request and its socket when the signal fires).
 */
class WiredOdooAwait extends OdooAwait {
  readonly #agent: http.Agent;
  #nextSignal: AbortSignal | undefined;

  constructor(options: XmlRpcTransportOptions, agent: http.Agent) {
    super({
      baseUrl: options.url,
      db: options.db,
      username: options.username,
      password: options.password,
    });
    this.#agent = agent;
  }

  override createClientOptions(path: string): ClientOptions {
    const signal = this.#nextSignal;
    this.#nextSignal = undefined;
    return Object.assign(super.createClientOptions(path), {
      agent: this.#agent,
      signal,
      headers: { "User-Agent": "jsm-odoo/odoo-client (xmlrpc)" },
    });
  }

  /**
   * odoo-await calls `createClientOptions` synchronously at the start of `connect()` and
   * `execute_kw()`, so the signal set here is the one that request picks up.
   */
  withSignal<T>(signal: AbortSignal, start: () => T): T {
    this.#nextSignal = signal;
    try {
      return start();
    } finally {
      this.#nextSignal = undefined;
    }
  }

  setUid(uid: number): void {
    (this as unknown as { uid: number }).uid = uid;
  }
}

export function createXmlRpcTransport(options: XmlRpcTransportOptions): OdooTransport {
  const secure = new URL(options.url).protocol === "https:";
  // keepAlive: reuse TCP/TLS connections across the RPCs of a lookup. A socket the server
  // closed while idle fails with ECONNRESET on reuse; reads are retried, so that is harmless.
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const odoo = new WiredOdooAwait(options, agent);
  let closed = false;

  function wire<T>(call: TransportCall, start: () => Promise<T>): Promise<T> {
    const { signal } = call;
    if (closed) return Promise.reject(abortedError("transport closed"));
    if (signal.aborted) return Promise.reject(abortedError(signal.reason));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortedError(signal.reason));
      signal.addEventListener("abort", onAbort, { once: true });
      odoo.withSignal(signal, start).then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(signal.aborted ? abortedError(signal.reason) : classifyWireError(error));
        },
      );
    });
  }

  return {
    kind: "xmlrpc",
    version(call) {
      // odoo-await has no version(): same client options, plain xmlrpc client.
      return wire(call, () => {
        // xmlrpc's typings want basic_auth undefined rather than odoo-await's null.
        const clientOptions = odoo.createClientOptions("/xmlrpc/2/common") as XmlRpcClientOptions;
        const client = secure
          ? xmlrpc.createSecureClient(clientOptions)
          : xmlrpc.createClient(clientOptions);
        return new Promise<unknown>((resolve, reject) => {
          client.methodCall("version", [], (error, value) =>
            error ? reject(error) : resolve(value),
          );
        });
      });
    },
    async authenticate(call) {
      const uid = await wire(call, () =>
        // odoo-await rejects with a plain string (not an Error) when Odoo answers `false`.
        (odoo.connect() as Promise<unknown>).catch((error: unknown) =>
          typeof error === "string" ? false : Promise.reject(error),
        ),
      );
      return typeof uid === "number" && uid > 0 ? uid : false;
    },
    executeKw(request: ExecuteKwRequest, call) {
      return wire(call, () => {
        odoo.setUid(request.uid);
        return odoo.execute_kw(request.model, request.method, [
          [...request.args],
          { ...request.kwargs },
        ]) as Promise<unknown>;
      });
    },
    close() {
      closed = true;
      agent.destroy();
    },
  };
}
