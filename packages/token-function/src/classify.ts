import { TokenError } from "./errors.ts";
import type { TokenResponseCode } from "./responses.ts";

/**
 * Decides which fixed response an error gets: a TokenError keeps its code (the configuration's
 * and the minter's codes become SERVICE_UNAVAILABLE and TOKEN_UNAVAILABLE), its headers, and its
 * message when worded for the caller; anything else is INTERNAL (a bug: every expected failure
 * is a TokenError by the time it leaves the handler).
 */
export function classifyTokenError(error: unknown): {
  code: TokenResponseCode;
  detail?: string;
  headers?: Readonly<Record<string, string>>;
} {
  if (!(error instanceof TokenError)) return { code: "INTERNAL" };
  const code =
    error.code === "CONFIG_INVALID"
      ? "SERVICE_UNAVAILABLE"
      : error.code === "MINT_FAILED"
        ? "TOKEN_UNAVAILABLE"
        : error.code;
  return {
    code,
    ...(error.callerMessage ? { detail: error.message } : {}),
    ...(error.headers ? { headers: error.headers } : {}),
  };
}
