import type { ServerResponse } from "node:http";
import { sendJson, sendJsonError, sendText } from "@jsm-odoo/function-runtime";
import type { Contract } from "./token-request.ts";

/** Largest request body accepted: a password and an environment name fit in far less. */
export const MAX_BODY_BYTES = 4 * 1024;

/**
 * Every refusal the function can give: one status, a fixed JSON message for our contract and a
 * short plain text for the earlier one (it answered every failure with HTTP 500 and
 * `Error getting token or credentials`; the statuses are now right, the shape stays text).
 * Messages are generic on purpose (ASVS 5.0 16.5.1): the log says why, the caller does not learn.
 */
export const REFUSALS = {
  METHOD_NOT_ALLOWED: { status: 405, message: "Use POST.", text: "Method not allowed" },
  BODY_TOO_LARGE: {
    status: 413,
    message: `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
    text: "Request too large",
  },
  INVALID_REQUEST: {
    status: 400,
    message: 'Send a JSON object {"password": "...", "environment": "..."}.',
    text: "Bad request",
  },
  UNKNOWN_ENVIRONMENT: {
    status: 400,
    message: "Unknown environment.",
    text: "Unknown environment",
  },
  UNAUTHORIZED: { status: 401, message: "Wrong or missing credentials.", text: "Unauthorized" },
  TOO_MANY_FAILURES: {
    status: 429,
    message: "Too many failed attempts. Retry later.",
    text: "Too many failed attempts",
  },
  TOKEN_UNAVAILABLE: {
    status: 502,
    message: "The token could not be issued.",
    text: "Error getting token",
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: "The service is not available.",
    text: "Service unavailable",
  },
  INTERNAL: { status: 500, message: "Internal error.", text: "Internal error" },
} as const;

export type RefusalCode = keyof typeof REFUSALS;

/** Answers a refusal in the shape of the caller's contract. */
export function refuse(
  res: ServerResponse,
  contract: Contract,
  code: RefusalCode,
  options: { message?: string; headers?: Record<string, string> } = {},
): void {
  const refusal = REFUSALS[code];
  if (contract === "legacy") {
    sendText(res, refusal.status, refusal.text, options.headers);
  } else {
    sendJsonError(
      res,
      refusal.status,
      code,
      options.message ?? refusal.message,
      options.headers ?? {},
    );
  }
}

/** The earlier contract gets the raw token (rules read `{{webResponse.body}}`); ours gets JSON. */
export function sendToken(
  res: ServerResponse,
  contract: Contract,
  token: { token: string; expiresIn: number; environment: string },
): void {
  if (contract === "legacy") {
    sendText(res, 200, token.token);
    return;
  }
  sendJson(res, 200, {
    token: token.token,
    token_type: "Bearer",
    expires_in: token.expiresIn,
    environment: token.environment,
  });
}
