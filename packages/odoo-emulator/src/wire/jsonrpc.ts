/**
 * JSON-RPC as Odoo serves it on `/jsonrpc` (odoo/http.py JsonRPCDispatcher): results in
 * `{"jsonrpc": "2.0", "id", "result"}`, every error with HTTP 200 in
 * `{"error": {"code": 200, "message": "Odoo Server Error", "data": {name, message, arguments, context, debug}}}`.
 */
import type { OdooFault } from "../errors.ts";
import type { WireValue } from "../read.ts";

export interface JsonRpcCall {
  id: unknown;
  service: string;
  method: string;
  args: unknown[];
}

export interface JsonRpcErrorData {
  name: string;
  message: string;
  arguments: unknown[];
  context: Record<string, unknown>;
  debug: string;
}

/** Parses the body; returns a string describing the problem when it is not a JSON-RPC call. */
export const parseJsonRpc = (body: Buffer): JsonRpcCall | { id: unknown; problem: string } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return { id: null, problem: "Invalid JSON data" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { id: null, problem: "Invalid JSON-RPC data" };
  }
  const request = parsed as Record<string, unknown>;
  const params = request.params as Record<string, unknown> | undefined;
  if (typeof params?.service !== "string" || typeof params.method !== "string") {
    return { id: request.id ?? null, problem: "params.service and params.method are required" };
  }
  const args = Array.isArray(params.args) ? params.args : [];
  return { id: request.id ?? null, service: params.service, method: params.method, args };
};

export const jsonRpcResult = (id: unknown, result: WireValue): string =>
  JSON.stringify({ jsonrpc: "2.0", id, result });

export const jsonRpcErrorData = (fault: OdooFault): JsonRpcErrorData => ({
  name: fault.exceptionName,
  message: fault.message,
  arguments: [fault.message],
  context: {},
  debug: fault.traceback(),
});

export const jsonRpcError = (id: unknown, data: JsonRpcErrorData): string =>
  JSON.stringify({ jsonrpc: "2.0", id, error: { code: 200, message: "Odoo Server Error", data } });

/** A response cut off mid-document, for the "malformed-xml" fault injection on JSON-RPC. */
export const truncatedJson = (id: unknown): string =>
  `{"jsonrpc": "2.0", "id": ${JSON.stringify(id)}, "result": [{"id": 1, "name": "`;
