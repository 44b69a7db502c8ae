/**
 * The two legacy RPC endpoints: `POST /xmlrpc/2/<service>` and `POST /jsonrpc`. Both decode the
 * call, give fault injection its chance, run the service and encode the answer the way Odoo does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type OdooExceptionName, OdooFault } from "../errors.ts";
import type { FaultKind, Faults, FaultTarget } from "../faults.ts";
import type { VersionProfile } from "../profiles.ts";
import type { WireValue } from "../read.ts";
import { type CostedCall, rpcCall } from "../server-cost.ts";
import { callTarget, dispatch, type ServiceDeps } from "../service.ts";
import { badGatewayPage, HTML, JSON_TYPE, respond, XML } from "./http.ts";
import {
  jsonRpcError,
  jsonRpcErrorData,
  jsonRpcResult,
  parseJsonRpc,
  truncatedJson,
} from "./jsonrpc.ts";
import { faultResponse, methodResponse, parseMethodCall, truncatedResponse } from "./xmlrpc.ts";

export interface RpcDeps {
  readonly service: ServiceDeps;
  readonly profile: VersionProfile;
  readonly faults: Faults;
  /** Keeps a response open forever (until the emulator closes). */
  hang(res: ServerResponse): void;
  /** Holds the request's worker for the time the server-cost model charges for the call. */
  charge(call: CostedCall): Promise<void>;
}

type Protocol = "xml" | "json";

const EXCEPTION_BY_CODE: Record<number, OdooExceptionName> = {
  2: "odoo.exceptions.UserError",
  3: "odoo.exceptions.AccessDenied",
  4: "odoo.exceptions.AccessError",
};

/** Unexpected emulator bugs become fault 1 like any Python exception would. */
const asFault = (error: unknown): OdooFault =>
  error instanceof OdooFault
    ? error
    : new OdooFault("builtins.ValueError", `odoo-emulator internal error: ${String(error)}`, {
        cause: error,
      });

const withInternalModel = (deps: RpcDeps, target: FaultTarget): FaultTarget => {
  const view = target.model ? deps.profile.model(target.model) : undefined;
  return view ? { ...target, modelInternal: view.internal } : target;
};

/** Answers a call with an injected failure instead of running it. */
const inject = (
  deps: RpcDeps,
  kind: FaultKind,
  protocol: Protocol,
  id: unknown,
  req: IncomingMessage,
  res: ServerResponse,
): void => {
  if (kind === "refuse-connection") {
    req.socket.destroy();
  } else if (kind === "hang") {
    deps.hang(res);
  } else if (kind === "http-502") {
    respond(res, 502, HTML, badGatewayPage(), { Server: "nginx" });
  } else if (kind === "malformed-xml") {
    respond(
      res,
      200,
      protocol === "xml" ? XML : JSON_TYPE,
      protocol === "xml" ? truncatedResponse() : truncatedJson(id),
    );
  } else if (protocol === "xml") {
    respond(res, 200, XML, faultResponse(kind.fault.code, kind.fault.string));
  } else {
    const name = EXCEPTION_BY_CODE[kind.fault.code] ?? "builtins.Exception";
    const data = {
      name,
      message: kind.fault.string,
      arguments: [kind.fault.string],
      context: {},
      debug: kind.fault.string,
    };
    respond(res, 200, JSON_TYPE, jsonRpcError(id, data));
  }
};

export const handleXmlRpc = async (
  deps: RpcDeps,
  service: string,
  body: Buffer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  let call: { method: string; params: unknown[] } | undefined;
  let parseError: OdooFault | undefined;
  try {
    call = await parseMethodCall(body);
  } catch (error) {
    parseError = new OdooFault(
      "xml.parsers.expat.ExpatError",
      error instanceof Error ? error.message : String(error),
    );
  }
  const target = withInternalModel(
    deps,
    call ? callTarget(service, call.method, call.params) : { service, method: "" },
  );
  const injected = deps.faults.take(target);
  if (injected) {
    inject(deps, injected, "xml", null, req, res);
    return;
  }
  if (call) await deps.charge(rpcCall("xmlrpc", service, call.method, call.params));
  try {
    if (parseError || !call) throw parseError;
    const value: WireValue = dispatch(deps.service, service, call.method, call.params);
    respond(res, 200, XML, methodResponse(value));
  } catch (error) {
    const fault = asFault(error);
    respond(res, 200, XML, faultResponse(fault.faultCode, fault.faultString()));
  }
};

export const handleJsonRpc = async (
  deps: RpcDeps,
  body: Buffer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  const call = parseJsonRpc(body);
  if ("problem" in call) {
    const fault = new OdooFault("builtins.ValueError", call.problem);
    const data = { ...jsonRpcErrorData(fault), name: "werkzeug.exceptions.BadRequest" };
    respond(res, 400, JSON_TYPE, jsonRpcError(call.id, data));
    return;
  }
  const target = withInternalModel(deps, callTarget(call.service, call.method, call.args));
  const injected = deps.faults.take(target);
  if (injected) {
    inject(deps, injected, "json", call.id, req, res);
    return;
  }
  await deps.charge(rpcCall("jsonrpc", call.service, call.method, call.args));
  try {
    respond(
      res,
      200,
      JSON_TYPE,
      jsonRpcResult(call.id, dispatch(deps.service, call.service, call.method, call.args)),
    );
  } catch (error) {
    respond(res, 200, JSON_TYPE, jsonRpcError(call.id, jsonRpcErrorData(asFault(error))));
  }
};
