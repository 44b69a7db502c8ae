/**
 * The suite's own small writer: the admin account's JSON-RPC (`POST /jsonrpc`, `execute_kw`),
 * which every Odoo from 8 to 19 serves. It seeds scenarios and creates users; nothing else in
 * the project may write to Odoo, so it lives here, is never bundled into a function, and the
 * read-only `@jsm-odoo/odoo-client` stays read-only.
 */
import { ConformanceError } from "../errors.ts";

export interface WriterOptions {
  url: string;
  db: string;
  login: string;
  password: string;
  /** Per request; default 120 s (validating a picking or installing data can be slow). */
  timeoutMs?: number;
}

export type Values = Record<string, unknown>;
export type OdooRow = { id: number } & Record<string, unknown>;

export interface OdooWriter {
  /** `server_version` as Odoo reports it, e.g. "19.0". */
  readonly serverVersion: string;
  readonly major: number;
  readonly uid: number;
  call(model: string, method: string, args?: unknown[], kwargs?: Values): Promise<unknown>;
  search(model: string, domain: readonly unknown[], kwargs?: Values): Promise<number[]>;
  searchRead(
    model: string,
    domain: readonly unknown[],
    fields: string[],
    kwargs?: Values,
  ): Promise<OdooRow[]>;
  read(model: string, ids: readonly number[], fields: string[]): Promise<OdooRow[]>;
  create(model: string, values: Values, context?: Values): Promise<number>;
  write(model: string, ids: readonly number[], values: Values): Promise<void>;
  /** The id of the one record matching `domain` (archived ones included), created when none. */
  findOrCreate(model: string, domain: readonly unknown[], values: Values): Promise<number>;
  /** The id of a record by its XML id (`stock.warehouse0`). */
  ref(xmlId: string): Promise<number>;
}

interface JsonRpcAnswer {
  result?: unknown;
  error?: { message?: string; data?: { name?: string; message?: string } };
}

export async function connectWriter(options: WriterOptions): Promise<OdooWriter> {
  const endpoint = `${options.url.replace(/\/+$/, "")}/jsonrpc`;
  const timeoutMs = options.timeoutMs ?? 120_000;
  let requestId = 0;

  async function rpc(service: string, method: string, args: unknown[]): Promise<unknown> {
    requestId += 1;
    let answer: JsonRpcAnswer;
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          method: "call",
          params: { service, method, args },
          id: requestId,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        throw new ConformanceError(
          "CONFORMANCE_ODOO",
          `${endpoint} answered HTTP ${response.status}`,
        );
      }
      answer = (await response.json()) as JsonRpcAnswer;
    } catch (error) {
      if (error instanceof ConformanceError) throw error;
      throw new ConformanceError("CONFORMANCE_ODOO", `${endpoint}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (answer.error) {
      const data = answer.error.data;
      const text = data?.message ?? answer.error.message ?? "unknown error";
      throw new ConformanceError("CONFORMANCE_ODOO", `${data?.name ?? "Odoo"}: ${text}`);
    }
    return answer.result;
  }

  const version = (await rpc("common", "version", [])) as {
    server_version?: unknown;
    server_version_info?: unknown[];
  };
  const major = Number(version.server_version_info?.[0]);
  const uid = await rpc("common", "authenticate", [
    options.db,
    options.login,
    options.password,
    {},
  ]);
  if (typeof uid !== "number" || uid <= 0) {
    throw new ConformanceError(
      "CONFORMANCE_ODOO",
      `the admin login ${options.login} on database ${options.db} was refused`,
    );
  }

  const call = (model: string, method: string, args: unknown[] = [], kwargs: Values = {}) =>
    rpc("object", "execute_kw", [options.db, uid, options.password, model, method, args, kwargs]);

  const writer: OdooWriter = {
    serverVersion: String(version.server_version ?? major),
    major,
    uid,
    call,
    search: async (model, domain, kwargs = {}) =>
      (await call(model, "search", [domain], {
        ...kwargs,
        context: { active_test: false, ...(kwargs.context as Values | undefined) },
      })) as number[],
    searchRead: async (model, domain, fields, kwargs = {}) =>
      (await call(model, "search_read", [domain], {
        fields,
        ...kwargs,
        context: { active_test: false, ...(kwargs.context as Values | undefined) },
      })) as OdooRow[],
    read: async (model, ids, fields) =>
      ids.length === 0 ? [] : ((await call(model, "read", [[...ids]], { fields })) as OdooRow[]),
    create: async (model, values, context = {}) =>
      (await call(model, "create", [values], { context })) as number,
    write: async (model, ids, values) => {
      if (ids.length > 0) await call(model, "write", [[...ids], values]);
    },
    findOrCreate: async (model, domain, values) => {
      const found = await writer.search(model, domain, { limit: 2 });
      if (found.length > 1) {
        throw new ConformanceError(
          "CONFORMANCE_SEED",
          `${model}: ${JSON.stringify(domain)} matches several records; the scenario needs one`,
        );
      }
      return found[0] ?? (await writer.create(model, values));
    },
    ref: async (xmlId) => {
      const [module, name] = xmlId.split(".");
      const rows = await writer.searchRead(
        "ir.model.data",
        [
          ["module", "=", module],
          ["name", "=", name],
        ],
        ["res_id"],
      );
      const id = rows[0]?.res_id;
      if (typeof id !== "number") {
        throw new ConformanceError("CONFORMANCE_SEED", `no record with XML id ${xmlId}`);
      }
      return id;
    },
  };
  return writer;
}
