/**
 * What a right answer is, per phase of the load run. A load run that only counted statuses
 * would pass with a function that answers 200 and garbage under pressure.
 */
import type { ResponseCheck } from "./cannon.ts";

const parse = (body: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Judges the answer to one quiet lookup of `serial`, before any load: found, for that serial,
 * with a sale order. Returns the problem, or undefined when it is right.
 */
export function judgeReferenceLookup(
  status: number,
  body: string,
  serial: string,
): string | undefined {
  const json = parse(body);
  const first = (json?.results as Record<string, unknown>[] | undefined)?.[0];
  if (status !== 200) return `status ${status}`;
  if (json?.message !== "Serial number found") return "message is not 'Serial number found'";
  if (first?.serial_number !== serial || first.found !== true) return "results[0] is not found";
  if (typeof json.SalesOrdernumber !== "string" || json.SalesOrdernumber === "") {
    return "no SalesOrdernumber";
  }
  return undefined;
}

/** Under load, every lookup of the same serial must get the same answer as the quiet one. */
export function sameLookupAnswer(reference: string): ResponseCheck {
  return (status, body) => {
    if (status !== 200) return undefined; // counted by status
    return body === reference ? undefined : "200 with a body other than the quiet answer";
  };
}

/** Right password: our contract's token answer, always the same cached token. */
export function tokenAnswer(expected: { token: string; environment: string }): ResponseCheck {
  return (status, body) => {
    if (status !== 200) return undefined;
    const json = parse(body);
    if (json?.token_type !== "Bearer") return "token_type is not Bearer";
    if (json.environment !== expected.environment) return "environment differs";
    if (typeof json.expires_in !== "number" || json.expires_in < 300) return "expires_in < 300";
    return json.token === expected.token ? undefined : "a token other than the cached one";
  };
}

/**
 * Wrong password: 401 UNAUTHORIZED while the failure budget lasts, then 429 TOO_MANY_FAILURES
 * with a `Retry-After` of at most an hour (the failure window). Both JSON error bodies.
 */
export const refusalAnswer: ResponseCheck = (status, body, headers) => {
  const code = (parse(body)?.error as { code?: unknown } | undefined)?.code;
  if (status === 401) return code === "UNAUTHORIZED" ? undefined : "401 without UNAUTHORIZED";
  if (status !== 429) return undefined;
  if (code !== "TOO_MANY_FAILURES") return "429 without TOO_MANY_FAILURES";
  const retryAfter = Number(headers["retry-after"]);
  return Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 3600
    ? undefined
    : "429 without a Retry-After of 1..3600 s";
};
