import type { IncomingMessage } from "node:http";

/**
 * `legacy`: the earlier integration's request (headers `password` and `environment`, no body),
 * answered with the raw token as text. `json`: ours (`{"password", "environment"}` in a JSON
 * body), answered with JSON.
 */
export type Contract = "legacy" | "json";

/** What the function reads from a request; values are untrusted and unvalidated. */
export interface TokenRequest {
  contract: Contract;
  password?: string;
  environment?: string;
}

export type TokenRequestProblem = "INVALID_JSON" | "NOT_AN_OBJECT" | "WRONG_TYPES";

type FrameworkRequest = IncomingMessage & { rawBody?: Buffer; body?: unknown };

/**
 * The contract a request uses. A `password` or `environment` header (any case: Node lower-cases
 * header names) means the earlier contract, whatever the body; everything else is ours. Decided
 * before anything else so that even a 405 or 413 comes in the shape the caller reads.
 */
export function detectContract(req: IncomingMessage): Contract {
  return req.headers.password !== undefined || req.headers.environment !== undefined
    ? "legacy"
    : "json";
}

/** Reads password and environment from the request, or the reason they cannot be read. */
export function readTokenRequest(
  req: FrameworkRequest,
  contract: Contract,
): TokenRequest | TokenRequestProblem {
  if (contract === "legacy") {
    return {
      contract,
      password: firstHeader(req.headers.password),
      environment: firstHeader(req.headers.environment),
    };
  }
  const body = jsonBody(req);
  if (body === INVALID) return "INVALID_JSON";
  if (body === null || typeof body !== "object" || Array.isArray(body)) return "NOT_AN_OBJECT";
  const { password, environment } = body as Record<string, unknown>;
  if (
    (password !== undefined && typeof password !== "string") ||
    (environment !== undefined && typeof environment !== "string")
  ) {
    return "WRONG_TYPES";
  }
  return { contract, password, environment };
}

const INVALID = Symbol("invalid");

/**
 * The Functions Framework parses bodies by content type (JSON, text, form, raw) and keeps the
 * bytes in `rawBody`; JSM may send JSON under any content type, so the raw bytes are parsed
 * here. Without raw bytes (an empty body), the body is absent.
 */
function jsonBody(req: FrameworkRequest): unknown {
  const raw = req.rawBody?.toString("utf8") ?? "";
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return INVALID;
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
