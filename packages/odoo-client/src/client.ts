import { createAutoTransport, type ProtocolChoice } from "./auto-transport.ts";
import { limitConcurrency } from "./concurrency.ts";
import { OdooError, sanitizeError } from "./errors.ts";
import { createJson2Transport } from "./json2-transport.ts";
import { type OdooClientOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { type AttemptPolicy, runAttempts, within } from "./policy.ts";
import { assertReadMethod, type ReadMethod, readOnlyTransport } from "./read-only.ts";
import { createSession } from "./session.ts";
import { toCanonicalSpecRecord, toServerSpecification } from "./specification.ts";
import { type RpcEvent, type RpcStats, StatsRecorder } from "./stats.ts";
import {
  toCanonicalFieldsGet,
  toCanonicalRecord,
  toServerDomain,
  toServerFields,
  toServerModel,
  toServerOrder,
} from "./translate.ts";
import type { OdooTransport } from "./transport.ts";
import type {
  AccessOperation,
  CallOptions,
  Domain,
  ModelName,
  OdooFieldInfo,
  OdooRecord,
  SearchReadOptions,
  ServerVersion,
  Specification,
  WebSearchReadOptions,
} from "./types.ts";
import { type ServerProfile, serverProfile } from "./versions.ts";
import { createXmlRpcTransport } from "./xmlrpc-transport.ts";

export interface OdooClient {
  version(call?: CallOptions): Promise<ServerVersion>;
  /** uid; once per client, concurrent callers share one request. */
  authenticate(call?: CallOptions): Promise<number>;
  profile(call?: CallOptions): Promise<ServerProfile>;
  searchRead<T = OdooRecord>(
    model: ModelName,
    domain: Domain,
    options: SearchReadOptions,
    call?: CallOptions,
  ): Promise<T[]>;
  read<T = OdooRecord>(
    model: ModelName,
    ids: readonly number[],
    fields: readonly string[],
    call?: CallOptions,
  ): Promise<T[]>;
  /**
   * `web_search_read` (Odoo 17+): one request that searches and reads nested relations as the
   * specification says; records in the newest names. ODOO_UNSUPPORTED before 17.
   */
  webSearchRead<T = OdooRecord>(
    model: ModelName,
    domain: Domain,
    specification: Specification,
    options?: WebSearchReadOptions,
    call?: CallOptions,
  ): Promise<T[]>;
  /** `web_read` (Odoo 17+) of records by id; ids that do not exist are left out. */
  webRead<T = OdooRecord>(
    model: ModelName,
    ids: readonly number[],
    specification: Specification,
    call?: CallOptions,
  ): Promise<T[]>;
  searchCount(model: ModelName, domain: Domain, call?: CallOptions): Promise<number>;
  fieldsGet(
    model: ModelName,
    attributes?: readonly string[],
    call?: CallOptions,
  ): Promise<Record<string, OdooFieldInfo>>;
  canAccess(model: ModelName, operation: AccessOperation, call?: CallOptions): Promise<boolean>;
  /**
   * Escape hatch for other read methods (e.g. `search`). Only the model name is translated;
   * args/kwargs go as given. Non-read names are refused before any network traffic.
   */
  callRead(
    model: ModelName,
    method: ReadMethod,
    args: readonly unknown[],
    kwargs?: Record<string, unknown>,
    call?: CallOptions,
  ): Promise<unknown>;
  stats(): RpcStats;
  resetStats(): void;
  /** Frees keep-alive sockets; later calls fail with ODOO_ABORTED. */
  close(): void;
}

const ACCESS_OPERATIONS: ReadonlySet<string> = new Set(["read", "write", "create", "unlink"]);

export function createOdooClient(options: OdooClientOptions): OdooClient {
  const resolved = resolveOptions(options);
  const transport = readOnlyTransport(
    limitConcurrency(
      options.transport ?? defaultTransport(resolved, options.onProtocolChosen),
      resolved.maxConcurrentRequests,
    ),
  );
  const secrets = [resolved.password];
  const stats = new StatsRecorder();
  const record = (event: RpcEvent) => {
    stats.record(event);
    try {
      options.onRpc?.(event);
    } catch {
      // A metering hook must never break a read.
    }
  };
  const policy: AttemptPolicy = {
    timeoutMs: resolved.timeoutMs,
    retry: resolved.retry,
    random: resolved.random,
  };

  let closed = false;
  const session = createSession(transport, policy, record, resolved.authFailureHoldMs);

  /** Every public method: refuse after close, and never let a credential out in an error. */
  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      if (closed) throw new OdooError("ODOO_ABORTED", "The Odoo client is closed");
      return await work();
    } catch (error) {
      const odooError =
        error instanceof OdooError
          ? error
          : new OdooError("ODOO_PROTOCOL", "Unexpected failure in the Odoo client", {
              cause: error,
            });
      throw sanitizeError(odooError, secrets);
    }
  }

  async function execute(
    model: string,
    method: string,
    build: (profile: ServerProfile) => { args: unknown[]; kwargs: Record<string, unknown> },
    call: CallOptions,
  ): Promise<{ result: unknown; profile: ServerProfile }> {
    assertReadMethod(method); // before any traffic, authentication included
    const [version, uid] = await Promise.all([
      within(session.version(), call),
      within(session.uid(), call),
    ]);
    const profile = serverProfile(version);
    const { args, kwargs } = build(profile);
    if (call.context !== undefined) {
      kwargs.context = { ...(kwargs.context as object | undefined), ...call.context };
    }
    const serverModel = toServerModel(profile, model);
    const result = await runAttempts(
      { service: "object", model, method },
      (signal) =>
        transport.executeKw({ uid, model: serverModel, method, args, kwargs }, { signal }),
      call,
      policy,
      record,
    );
    return { result, profile };
  }

  function records<T>(result: unknown, profile: ServerProfile, model: string, dropped: string[]) {
    if (!Array.isArray(result)) throw notA("a list of records", model);
    return result.map((row) => toCanonicalRecord<T>(profile, model, row, dropped));
  }

  function nestedRecords<T>(
    rows: unknown,
    profile: ServerProfile,
    model: string,
    specification: Specification,
  ): T[] {
    if (!Array.isArray(rows)) throw notA("a list of records", model);
    return rows.map((row) => toCanonicalSpecRecord<T>(profile, model, row, specification));
  }

  /** The specification methods exist from 17; earlier servers would misread the arguments. */
  function specificationProfile(profile: ServerProfile, method: string): void {
    if (!profile.readsWithSpecification) {
      throw new OdooError(
        "ODOO_UNSUPPORTED",
        `${method} with a specification needs Odoo 17 or later (this server is ${profile.version})`,
      );
    }
  }

  return {
    version: (call = {}) => guarded(() => within(session.version(), call)),
    authenticate: (call = {}) => guarded(() => within(session.uid(), call)),
    profile: (call = {}) =>
      guarded(async () => serverProfile(await within(session.version(), call))),

    searchRead<T = OdooRecord>(
      model: ModelName,
      domain: Domain,
      options: SearchReadOptions,
      call: CallOptions = {},
    ) {
      return guarded(async () => {
        let dropped: string[] = [];
        const { result, profile } = await execute(
          model,
          "search_read",
          (p) => {
            const server = toServerFields(p, model, options.fields);
            dropped = server.dropped;
            // Odoo reads every field for an empty list: never let dropping cause that.
            const fields =
              server.fields.length === 0 && options.fields.length > 0 ? ["id"] : server.fields;
            const kwargs: Record<string, unknown> = { fields };
            if (options.limit !== undefined) kwargs.limit = options.limit;
            if (options.offset !== undefined) kwargs.offset = options.offset;
            if (options.order !== undefined) kwargs.order = toServerOrder(p, model, options.order);
            return { args: [toServerDomain(p, model, domain)], kwargs };
          },
          call,
        );
        return records<T>(result, profile, model, dropped);
      });
    },

    read<T = OdooRecord>(
      model: ModelName,
      ids: readonly number[],
      fields: readonly string[],
      call: CallOptions = {},
    ) {
      return guarded(async () => {
        if (!ids.every((id) => Number.isInteger(id) && id > 0)) {
          throw new TypeError("read() ids must be positive integers");
        }
        if (ids.length === 0) return [];
        let dropped: string[] = [];
        const { result, profile } = await execute(
          model,
          "read",
          (p) => {
            const server = toServerFields(p, model, fields);
            dropped = server.dropped;
            const list = server.fields.length === 0 && fields.length > 0 ? ["id"] : server.fields;
            return { args: [[...ids]], kwargs: { fields: list } };
          },
          call,
        );
        return records<T>(result, profile, model, dropped);
      });
    },

    webSearchRead<T = OdooRecord>(
      model: ModelName,
      domain: Domain,
      specification: Specification,
      options: WebSearchReadOptions = {},
      call: CallOptions = {},
    ) {
      return guarded(async () => {
        const { result, profile } = await execute(
          model,
          "web_search_read",
          (p) => {
            specificationProfile(p, "web_search_read");
            const kwargs: Record<string, unknown> = {};
            if (options.offset !== undefined) kwargs.offset = options.offset;
            if (options.order !== undefined) kwargs.order = toServerOrder(p, model, options.order);
            if (options.limit !== undefined) {
              kwargs.limit = options.limit;
              // Without it a full page costs Odoo a second query (search_count) for `length`.
              kwargs.count_limit = options.limit + (options.offset ?? 0);
            }
            const args = [
              toServerDomain(p, model, domain),
              toServerSpecification(p, model, specification),
            ];
            return { args, kwargs };
          },
          call,
        );
        const page = result as { records?: unknown } | null;
        if (typeof page !== "object" || page === null) throw notA("a page of records", model);
        return nestedRecords<T>(page.records, profile, model, specification);
      });
    },

    webRead<T = OdooRecord>(
      model: ModelName,
      ids: readonly number[],
      specification: Specification,
      call: CallOptions = {},
    ) {
      return guarded(async () => {
        if (!ids.every((id) => Number.isInteger(id) && id > 0)) {
          throw new TypeError("webRead() ids must be positive integers");
        }
        if (ids.length === 0) return [];
        const { result, profile } = await execute(
          model,
          "web_read",
          (p) => {
            specificationProfile(p, "web_read");
            return { args: [[...ids], toServerSpecification(p, model, specification)], kwargs: {} };
          },
          call,
        );
        return nestedRecords<T>(result, profile, model, specification);
      });
    },

    searchCount(model: ModelName, domain: Domain, call: CallOptions = {}) {
      return guarded(async () => {
        const { result } = await execute(
          model,
          "search_count",
          (p) => ({ args: [toServerDomain(p, model, domain)], kwargs: {} }),
          call,
        );
        if (typeof result !== "number") throw notA("a number", model);
        return result;
      });
    },

    fieldsGet(model: ModelName, attributes?: readonly string[], call: CallOptions = {}) {
      return guarded(async () => {
        const { result, profile } = await execute(
          model,
          "fields_get",
          () => ({ args: [], kwargs: attributes ? { attributes: [...attributes] } : {} }),
          call,
        );
        if (typeof result !== "object" || result === null) throw notA("a field map", model);
        return toCanonicalFieldsGet(profile, model, result);
      });
    },

    canAccess(model: ModelName, operation: AccessOperation, call: CallOptions = {}) {
      return guarded(async () => {
        if (!ACCESS_OPERATIONS.has(operation)) {
          throw new OdooError(
            "ODOO_REFUSED_METHOD",
            "canAccess() operation must be read, write, create or unlink",
          );
        }
        const profile = await within(session.version(), call).then(serverProfile);
        const method = profile.accessCheckMethod;
        const { result } = await execute(
          model,
          method,
          () =>
            // has_access is a record method (Odoo 18+): an empty recordset first, then the
            // operation; ["read"] alone fails with "missing ... argument: 'operation'".
            method === "has_access"
              ? { args: [[], operation], kwargs: {} }
              : { args: [operation], kwargs: { raise_exception: false } },
          call,
        );
        if (typeof result !== "boolean") throw notA("a boolean", model);
        return result;
      });
    },

    callRead(
      model: ModelName,
      method: ReadMethod,
      args: readonly unknown[],
      kwargs: Record<string, unknown> = {},
      call: CallOptions = {},
    ) {
      return guarded(async () => {
        const { result } = await execute(
          model,
          method,
          () => ({ args: [...args], kwargs: { ...kwargs } }),
          call,
        );
        return result;
      });
    },

    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    close() {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}

function defaultTransport(
  resolved: ResolvedOptions,
  onChoice: ((choice: ProtocolChoice) => void) | undefined,
): OdooTransport {
  const { url, db, username, password, protocol } = resolved;
  if (protocol === "auto") {
    return createAutoTransport({
      url,
      db,
      username,
      password,
      probeTimeoutMs: resolved.timeoutMs,
      onChoice: onChoice ?? (() => {}),
    });
  }
  try {
    onChoice?.({ protocol, requested: protocol, reason: "configured" });
  } catch {
    // A logging hook must never break the client.
  }
  return protocol === "json2"
    ? createJson2Transport({ url, db, apiKey: password, username })
    : createXmlRpcTransport({ url, db, username, password });
}

function notA(what: string, model: string): OdooError {
  return new OdooError("ODOO_PROTOCOL", `Odoo's answer for ${model} is not ${what}`);
}
