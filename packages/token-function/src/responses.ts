import type { ServerResponse } from "node:http";
import { sendJson, sendJsonError, sendText } from "@jsm-odoo/function-runtime";
import { MAX_BODY_BYTES } from "./config.ts";
import type { TokenErrorCode } from "./errors.ts";
import type { Contract } from "./token-request.ts";

/** What a caller can be answered: every TokenError code but those of the function's parts. */
export type TokenResponseCode = Exclude<TokenErrorCode, "CONFIG_INVALID" | "MINT_FAILED">;

interface ErrorResponse {
  status: number;
  /** Fixed caller-facing JSON message: never an internal message. */
  message: string;
  /** The earlier contract's plain-text body. */
  text: string;
  headers?: Record<string, string>;
}

/**
 * Every refusal the function can give: one status, a fixed JSON message for our contract and a
 * short plain text for the earlier one (it answered every failure with HTTP 500 and
 * `Error getting token or credentials`; the statuses are now right, the shape stays text).
 * Messages are generic on purpose (ASVS 5.0 16.5.1): the log says why, the caller does not learn.
 */
export const ERROR_RESPONSES: Record<TokenResponseCode, ErrorResponse> = {
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: "Use POST.",
    text: "Method not allowed",
    headers: { Allow: "POST" },
  },
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
};

/**
 * Answers an error in the shape of the caller's contract. `detail` replaces the fixed JSON
 * message where it is safe and useful to the caller (the environments served); `headers` add to
 * the code's own (`Retry-After`).
 */
export function sendTokenError(
  res: ServerResponse,
  contract: Contract,
  code: TokenResponseCode,
  options: { detail?: string; headers?: Readonly<Record<string, string>> } = {},
): number {
  const response = ERROR_RESPONSES[code];
  const headers = { ...response.headers, ...options.headers };
  if (contract === "legacy") {
    sendText(res, response.status, response.text, headers);
  } else {
    sendJsonError(res, response.status, code, options.detail ?? response.message, headers);
  }
  return response.status;
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
