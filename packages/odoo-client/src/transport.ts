/**
 * The wire boundary. The client owns policy (read-only guard, deadlines, retries, version
 * translation, stats); a transport only moves one request and reports what happened as an
 * `OdooError` (faults, HTTP status, socket errors): XML-RPC through odoo-await
 * (xmlrpc-transport.ts), JSON-2 on Odoo 19+ (json2-transport.ts), and `auto` choosing between them.
 */
export interface TransportCall {
  /**
   * Aborted when the attempt's time is up or the caller gives up. A transport MUST stop the
   * request (destroy the socket) when it fires; the client does not wait for it either way.
   */
  signal: AbortSignal;
}

export interface ExecuteKwRequest {
  uid: number;
  model: string;
  method: string;
  args: readonly unknown[];
  kwargs: Readonly<Record<string, unknown>>;
}

export interface OdooTransport {
  /** Short name for stats and logs, e.g. "xmlrpc". */
  readonly kind: string;
  /**
   * Raw version struct: XML-RPC `common.version()` (`server_version`, `server_version_info`) or
   * JSON-2 `GET /web/version` (`version`, `version_info`); the client accepts both.
   */
  version(call: TransportCall): Promise<unknown>;
  /** uid, or `false` when Odoo says the credentials are wrong (Odoo sends no fault for that). */
  authenticate(call: TransportCall): Promise<number | false>;
  executeKw(request: ExecuteKwRequest, call: TransportCall): Promise<unknown>;
  /** Frees keep-alive sockets. Idempotent. */
  close(): void;
}
