import type { ServerResponse } from "node:http";
import { type BodyError, sendJson } from "@jsm-odoo/function-runtime";
import { MAX_BODY_BYTES } from "./config.ts";
import type { LookupErrorCode } from "./errors.ts";

interface ErrorResponse {
  status: number;
  /** Fixed caller-facing text: never an internal message. */
  message: string;
  headers?: Record<string, string>;
}

/** Every refusal the function can answer with: status, fixed message, headers. */
export const ERROR_RESPONSES: Record<LookupErrorCode | "NOT_FOUND", ErrorResponse> = {
  NOT_FOUND: { status: 404, message: "Serial number not found" },
  INVALID_JSON: { status: 400, message: "Invalid JSON" },
  INVALID_INPUT: { status: 400, message: "Invalid request body" },
  NO_SERIAL: { status: 400, message: "No serial number given" },
  TOO_MANY_SERIALS: { status: 400, message: "Too many serial numbers" },
  TOKEN_MISSING: {
    status: 401,
    message: "Missing bearer token",
    headers: { "WWW-Authenticate": 'Bearer realm="lookup"' },
  },
  TOKEN_INVALID: {
    status: 401,
    message: "Invalid or expired token",
    headers: { "WWW-Authenticate": 'Bearer realm="lookup", error="invalid_token"' },
  },
  TOKEN_FORBIDDEN: { status: 403, message: "This token is not valid for this function" },
  METHOD_NOT_ALLOWED: { status: 405, message: "Use POST", headers: { Allow: "POST" } },
  BODY_TOO_LARGE: { status: 413, message: `The body is over ${MAX_BODY_BYTES} bytes` },
  INTERNAL: { status: 500, message: "Internal error" },
  ODOO_FAILED: { status: 502, message: "Odoo could not be asked" },
  CONFIG_INVALID: { status: 503, message: "The lookup function is not configured" },
  NOT_CONFIGURED: {
    status: 503,
    message: "The Odoo connection is not configured or its secrets are unreadable",
  },
  TOKEN_KEYS_UNAVAILABLE: { status: 503, message: "Token signing keys are unavailable" },
  DEADLINE_EXCEEDED: { status: 504, message: "The lookup took too long" },
};

/**
 * `{"message": "...", "error": {"code", "message"}}`: the earlier rules read `message`, our
 * contract reads `error`. `detail` replaces the fixed message only where it is safe and useful to
 * the caller (input refusals worded by input.ts or serial-lookup).
 */
export function sendLookupError(
  res: ServerResponse,
  code: LookupErrorCode | "NOT_FOUND",
  options: { detail?: string; extra?: Record<string, unknown> } = {},
): number {
  const response = ERROR_RESPONSES[code];
  const message = options.detail ?? response.message;
  sendJson(
    res,
    response.status,
    { message, error: { code, message }, ...options.extra },
    response.headers,
  );
  return response.status;
}

/**
 * A body the Functions Framework refused before the function ran (see answerFrameworkBodyErrors),
 * in our error shape and codes: malformed JSON is INVALID_JSON, an oversized body BODY_TOO_LARGE,
 * anything else (unsupported charset or encoding, a truncated upload) INVALID_INPUT with the
 * parser's status (400, or 415 for an unsupported charset or encoding).
 */
export function sendBodyRefusal(res: ServerResponse, refused: BodyError): void {
  const code: LookupErrorCode =
    refused.code === "INVALID_JSON" || refused.code === "BODY_TOO_LARGE"
      ? refused.code
      : "INVALID_INPUT";
  const message = code === "INVALID_INPUT" ? refused.message : ERROR_RESPONSES[code].message;
  sendJson(res, refused.status, { message, error: { code, message } });
}
