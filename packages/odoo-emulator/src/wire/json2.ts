/**
 * JSON-2, Odoo 19's external API: `POST /json/2/<model>/<method>` with a bearer API key and named
 * arguments, as odoo/addons/rpc/controllers/json2.py does it (README "JSON-2": authentication,
 * body, answers and error statuses).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { OdooFault, pythonTraceback } from "../errors.ts";
import type { FaultKind } from "../faults.ts";
import type { WireValue } from "../read.ts";
import { countRelations } from "../server-cost.ts";
import { ArgumentsDoNotBind, RaisedInMethod } from "../web/python.ts";
import { badGatewayPage, HTML, JSON_TYPE, noDatabasePage, respond } from "./http.ts";
import type { RpcDeps } from "./rpc-routes.ts";

interface Json2Error {
  name: string;
  message: string;
  arguments: unknown[];
  context: Record<string, unknown>;
  debug: string;
}

/** Odoo's exceptions carry their arguments; werkzeug's HTTP errors `(description, status)`. */
const errorBody = (
  name: string,
  message: string,
  debug: string,
  args: unknown[] = [message],
): Json2Error => ({ name, message, arguments: args, context: {}, debug });

const sendError = (res: ServerResponse, status: number, body: Json2Error): void =>
  respond(res, status, JSON_TYPE, JSON.stringify(body));

/** `werkzeug.exceptions.*` raised by the dispatcher or the controller (Json2Dispatcher.handle_error). */
const httpError = (res: ServerResponse, status: number, name: string, message: string): void => {
  const exception = `werkzeug.exceptions.${name}`;
  const debug = pythonTraceback(name, `${exception}: ${status} ${name}: ${message}`);
  sendError(res, status, errorBody(exception, message, debug, [message, status]));
};

/** The exception's `http_code` in Odoo 19 (odoo/exceptions.py), 500 for non-UserErrors. */
const STATUS_BY_EXCEPTION: Record<string, number> = {
  "odoo.exceptions.AccessDenied": 403,
  "odoo.exceptions.AccessError": 403,
  "odoo.exceptions.MissingError": 404,
  "odoo.exceptions.UserError": 422,
};

const faultToResponse = (res: ServerResponse, fault: OdooFault) => {
  if (fault instanceof ArgumentsDoNotBind) {
    return httpError(res, 422, "UnprocessableEntity", fault.json2Message);
  }
  if (fault instanceof RaisedInMethod) {
    return sendError(res, 500, errorBody(fault.exceptionName, fault.message, fault.traceback()));
  }
  // The ORM's AttributeError for an unknown method is the controller's NotFound in JSON-2, and
  // a TypeError from binding the arguments (inspect.Signature.bind) is its UnprocessableEntity.
  if (fault.exceptionName === "builtins.AttributeError") {
    return httpError(res, 404, "NotFound", fault.message);
  }
  if (fault.exceptionName === "builtins.TypeError" && fault.binding) {
    return httpError(res, 422, "UnprocessableEntity", bindingMessage(fault.message));
  }
  const status = STATUS_BY_EXCEPTION[fault.exceptionName] ?? 500;
  sendError(res, status, errorBody(fault.exceptionName, fault.message, fault.traceback()));
};

/**
 * inspect.Signature.bind's wording, which JSON-2 reports: "got an unexpected keyword argument
 * 'x'", "missing a required argument: 'domain'" (a Python call says "f() got ..." instead).
 */
const bindingMessage = (message: string): string => {
  const unexpected = /got an unexpected keyword argument '([^']+)'/.exec(message);
  if (unexpected) return `got an unexpected keyword argument '${unexpected[1]}'`;
  const missing = /missing \d+ required positional argument: '([^']+)'/.exec(message);
  if (missing) return `missing a required argument: '${missing[1]}'`;
  return message;
};

const FAULT_EXCEPTION: Record<number, [string, number]> = {
  1: ["builtins.Exception", 500],
  2: ["odoo.exceptions.UserError", 422],
  3: ["odoo.exceptions.AccessDenied", 403],
  4: ["odoo.exceptions.AccessError", 403],
};

const inject = (deps: RpcDeps, kind: FaultKind, req: IncomingMessage, res: ServerResponse) => {
  if (kind === "refuse-connection") return void req.socket.destroy();
  if (kind === "hang") return deps.hang(res);
  if (kind === "http-502") return respond(res, 502, HTML, badGatewayPage(), { Server: "nginx" });
  if (kind === "malformed-xml") return respond(res, 200, JSON_TYPE, '[{"id": 1, "na');
  const [name, status] = FAULT_EXCEPTION[kind.fault.code] ?? ["builtins.Exception", 500];
  sendError(res, status, errorBody(name, kind.fault.string, kind.fault.string));
};

/** Odoo 19's answer for any other `/json/2` path. */
export const json2NotFound = (): string => {
  const message = "Did you mean POST /json/2/<model>/<method>?";
  return JSON.stringify(errorBody("werkzeug.exceptions.NotFound", message, "", [message, 404]));
};

/** The emulated methods decorated `@api.model` in Odoo 19 (the others run on `ids`). */
const MODEL_METHODS: ReadonlySet<string> = new Set([
  "search",
  "search_read",
  "search_count",
  "fields_get",
  "check_access_rights",
  "web_search_read",
]);

/** Recordset methods: JSON-2's `ids` are their records (the ORM takes them as an argument). */
const RECORD_METHODS: ReadonlySet<string> = new Set(["read", "has_access", "web_read"]);

const bearerToken = (req: IncomingMessage): string | undefined => {
  const match = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1]?.trim();
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const handleJson2 = async (
  deps: RpcDeps,
  model: string,
  method: string,
  body: Buffer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  const database = req.headers["x-odoo-database"];
  if (typeof database === "string" && database !== deps.service.db) {
    // Odoo finds no database of that name and serves its no-database HTML page.
    return respond(res, 404, HTML, noDatabasePage());
  }
  // Authentication comes first, as in Odoo (auth='bearer' runs before the endpoint).
  const token = bearerToken(req);
  const user = deps.service.users.apiKeyUser(token);
  if (!user) {
    return httpError(
      res,
      401,
      "Unauthorized",
      token === undefined
        ? "User not authenticated, use an API Key with a Bearer Authorization header."
        : "Invalid apikey",
    );
  }

  let params: Record<string, unknown> = {};
  if (body.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return httpError(res, 400, "BadRequest", `could not parse the body as json: ${detail}`);
    }
    // Json2Dispatcher merges the body into the path's arguments (`body | args`); a body that is
    // not an object (a list, a number) cannot merge and is dropped, so no argument is given.
    if (isObject(parsed)) params = parsed;
  }

  const view = deps.profile.model(model);
  const injected = deps.faults.take({
    service: "object",
    method,
    model,
    modelMethod: method,
    ...(view ? { modelInternal: view.internal } : {}),
  });
  if (injected) return inject(deps, injected, req, res);

  if (!view) return httpError(res, 404, "NotFound", `the model '${model}' does not exist`);
  const { ids, context, ...named } = params;
  // Odoo refuses records for an `@api.model` method.
  if (MODEL_METHODS.has(method) && Array.isArray(ids) && ids.length > 0) {
    return httpError(res, 422, "UnprocessableEntity", `cannot call ${model}.${method} with ids`);
  }
  // `read` and `has_access` are recordset methods: their records come as `ids` (the ORM takes
  // them as an argument).
  const kwargs: Record<string, unknown> = {
    ...named,
    ...(RECORD_METHODS.has(method) ? { ids: ids ?? [] } : {}),
    ...(isObject(context) ? { context } : {}),
  };
  const relations = method.startsWith("web_") ? countRelations(named.specification) : 0;
  await deps.charge({ protocol: "json2", service: "object", method, relations });
  try {
    const result: WireValue = deps.service.orm.call(user, model, method, [], kwargs);
    respond(res, 200, JSON_TYPE, JSON.stringify(result ?? null));
  } catch (error) {
    const fault =
      error instanceof OdooFault
        ? error
        : new OdooFault("builtins.ValueError", `odoo-emulator internal error: ${String(error)}`);
    faultToResponse(res, fault);
  }
};
