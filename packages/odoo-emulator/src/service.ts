/**
 * Odoo's RPC services as `odoo.http.dispatch_rpc` routes them, shared by XML-RPC and JSON-RPC:
 * `common` (version, authenticate, login, about), `object` (execute_kw, execute) and a small
 * `db` (list, server_version).
 */
import { OdooFault } from "./errors.ts";
import type { Orm } from "./orm.ts";
import type { WireValue } from "./read.ts";
import type { OdooVersion } from "./schema/index.ts";
import type { Users } from "./users.ts";

export interface ServiceDeps {
  readonly db: string;
  readonly version: OdooVersion;
  readonly users: Users;
  readonly orm: Orm;
}

/** `common.version()`. */
export const versionInfo = (version: OdooVersion) => ({
  server_version: `${version}.0`,
  server_version_info: [version, 0, 0, "final", 0, ""],
  server_serie: `${version}.0`,
  protocol_version: 1,
});

/** What a call is about, for fault matching before it runs. */
export interface CallTarget {
  service: string;
  method: string;
  model?: string;
  modelMethod?: string;
}

export const callTarget = (
  service: string,
  method: string,
  params: readonly unknown[],
): CallTarget => {
  if (service === "object" && (method === "execute_kw" || method === "execute")) {
    const model = params[3];
    const modelMethod = params[4];
    return {
      service,
      method,
      ...(typeof model === "string" ? { model } : {}),
      ...(typeof modelMethod === "string" ? { modelMethod } : {}),
    };
  }
  return { service, method };
};

const missingDatabase = (db: unknown) =>
  new OdooFault(
    "psycopg2.OperationalError",
    `connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "${String(db)}" does not exist`,
  );

const noSuchMethod = (service: string, method: string) =>
  new OdooFault("builtins.KeyError", `'exp_${method}' (no such method in service '${service}')`);

export const dispatch = (
  deps: ServiceDeps,
  service: string,
  method: string,
  params: readonly unknown[],
): WireValue => {
  switch (service) {
    case "common":
      return common(deps, method, params);
    case "object":
      return object(deps, method, params);
    case "db":
      if (method === "list") return [deps.db];
      if (method === "server_version") return `${deps.version}.0`;
      throw noSuchMethod(service, method);
    default:
      throw new OdooFault("builtins.KeyError", `'${service}' (unknown RPC service)`);
  }
};

const common = (deps: ServiceDeps, method: string, params: readonly unknown[]): WireValue => {
  switch (method) {
    case "version":
      return versionInfo(deps.version);
    case "about":
      return "See http://openerp.com";
    case "authenticate":
    case "login": {
      const [db, login, password] = params;
      if (db !== deps.db) throw missingDatabase(db);
      // Bad credentials are `false`, not a fault (odoo/service/common.py exp_authenticate).
      return deps.users.authenticate(login, password);
    }
    default:
      throw noSuchMethod("common", method);
  }
};

const object = (deps: ServiceDeps, method: string, params: readonly unknown[]): WireValue => {
  if (method !== "execute_kw" && method !== "execute") throw noSuchMethod("object", method);
  const [db, uid, password, model, modelMethod, ...rest] = params;
  if (db !== deps.db) throw missingDatabase(db);
  const user = deps.users.check(uid, password);
  // execute(db, uid, pw, model, method, *args); execute_kw(db, uid, pw, model, method, args, kwargs)
  const [args, kwargs] = method === "execute" ? [rest, {}] : [rest[0] ?? [], rest[1] ?? {}];
  const result = deps.orm.call(user, model, modelMethod, args, kwargs);
  if (result === null || result === undefined) {
    // Odoo marshals with allow_none=False.
    throw new OdooFault("builtins.TypeError", "cannot marshal None unless allow_none is enabled");
  }
  return result;
};
