/**
 * What every answer to a hostile request must be, whatever the request: never a 5xx (the
 * emulator and the issuer are healthy, so a 5xx is caused by the input), a status, media type and
 * body that docs/openapi.yaml documents for the operation (JSON `error.code` everywhere; short
 * plain text only for the token function's earlier contract), no HTML, no stack trace or file
 * path, no secret. Valid requests must succeed, and a serial with a LIKE wildcard finds nothing
 * it does not name exactly. The child's own logs are checked too: no secret, no bearer token, no
 * stack trace, nothing on stderr (an unhandled rejection or a crash prints there).
 */

import type { FunctionKind } from "@jsm-odoo/local-stack/testing";
import type { ContractValidator } from "@jsm-odoo/lookup-function/contract";
import type { FuzzRequest } from "./arbitraries.ts";
import type { Observed } from "./http.ts";

export interface ResponseExpectations {
  contract: ContractValidator;
  /** Never in a response body (passwords, Odoo API keys, the bearer tokens callers sent). */
  secrets: readonly string[];
  /** Every serial the Odoo data holds, lower-cased: the only ones that may be found. */
  knownSerials: ReadonlySet<string>;
  /** The function's body limit in bytes. */
  bodyLimit: number;
  /** False on the token instance that receives wrong passwords: 429 is documented there. */
  forbid429: boolean;
}

const STACK_FRAME = /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/)[^\s)]*:\d+:\d+/;
const FILE_PATH = /(?:\/work\/|\/tmp\/|\/home\/|node_modules|file:\/\/|\.(?:js|ts):\d+)/;
const HTML = /<!doctype|<html|<pre>|<body/i;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Every way `observed` breaks the properties; empty when it keeps them all. */
export function responseProblems(
  kind: FunctionKind,
  request: FuzzRequest,
  observed: Observed,
  expect: ResponseExpectations,
): string[] {
  if (observed.error) {
    // The artifact answers 413 and closes as soon as Content-Length is over the limit (or the
    // chunked count passes it), without reading the rest: a client still writing a large body
    // may see its write fail (EPIPE, ECONNRESET) before it reads that answer.
    if (oversizeClosedEarly(request, observed, expect.bodyLimit)) return [];
    return [`no response: ${observed.error}`];
  }
  const problems: string[] = [];
  const { status, body } = observed;
  if (status >= 500) problems.push(`status ${status} (5xx caused by input)`);
  if (status === 429 && expect.forbid429) {
    problems.push("429: the failure budget was spent by requests without a wrong password");
  }
  const operation = kind === "token" ? "createToken" : "lookupSerials";
  // HEAD-less methods only: every answer has a body the document describes.
  problems.push(...expect.contract.check(operation, observed));
  if (observed.contentType?.includes("html") || HTML.test(body))
    problems.push("HTML in the answer");
  if (STACK_FRAME.test(body)) problems.push("stack trace in the answer");
  else if (FILE_PATH.test(body)) problems.push("file path in the answer");
  if (expect.secrets.some((secret) => body.includes(secret)))
    problems.push("a secret in the answer");

  if (request.valid && status !== 200) problems.push(`valid request answered ${status}, not 200`);
  if (status === 200) problems.push(...successProblems(kind, request, observed, expect));
  return problems;
}

/** A write cut off by the server's early 413 on a body over the limit: documented, allowed. */
export function oversizeClosedEarly(
  request: FuzzRequest,
  observed: Observed,
  limit: number,
): boolean {
  const size =
    request.body === undefined
      ? 0
      : typeof request.body === "string"
        ? Buffer.byteLength(request.body)
        : request.body.length;
  return size > limit && /^(EPIPE|ECONNRESET)\b/.test(observed.error ?? "");
}

function successProblems(
  kind: FunctionKind,
  request: FuzzRequest,
  observed: Observed,
  expect: ResponseExpectations,
): string[] {
  if (kind === "token") {
    const legacy = request.headers.some(([name]) => /^(password|environment)$/i.test(name));
    if (legacy) return JWT.test(observed.body) ? [] : ["legacy 200 is not a bare token"];
    const token = parseJson(observed.body) as { token?: unknown } | undefined;
    return typeof token?.token === "string" && JWT.test(token.token) ? [] : ["200 without a token"];
  }
  type Result = { serial_number?: unknown; found?: unknown; lots?: { name?: unknown }[] };
  const answer = parseJson(observed.body) as { results?: Result[] } | undefined;
  const problems: string[] = [];
  for (const result of answer?.results ?? []) {
    if (result.found !== true) continue;
    const asked = String(result.serial_number).toLowerCase();
    if (!expect.knownSerials.has(asked)) {
      problems.push(
        `serial ${JSON.stringify(result.serial_number)} found, but no lot has that name`,
      );
    }
    // Exact match only (=ilike with escaped wildcards): `A_1` must not bring `AB1`.
    for (const lot of result.lots ?? []) {
      if (String(lot.name).toLowerCase() !== asked) {
        problems.push(
          `serial ${JSON.stringify(result.serial_number)} matched lot ${JSON.stringify(lot.name)}`,
        );
      }
    }
  }
  return problems;
}

/** `crypto.randomUUID()`: the only request ids the functions log entries under. */
const OUR_REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Problems in log lines a function child wrote (stdout: JSON logs; stderr: should stay empty). */
export function logProblems(
  lines: { stdout: readonly string[]; stderr: readonly string[] },
  neverLogged: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const line of lines.stdout) {
    // One JSON object per line (Cloud Logging's structured format): a raw line means input
    // reached the log unescaped (log injection), or something printed past the logger.
    if (!isJsonObject(line))
      problems.push(`log line is not a JSON object: ${redact(line, neverLogged)}`);
    if (neverLogged.some((secret) => line.includes(secret))) {
      problems.push(`a secret or token in a log line: ${redact(line, neverLogged)}`);
    }
    if (STACK_FRAME.test(line)) problems.push(`stack trace in a log line: ${line.slice(0, 300)}`);
    // Entries are grouped by a request id of the function's own; a caller's X-Request-Id or
    // Function-Execution-Id may only appear as callerRequestId.
    const requestId = (parseJson(line) as { requestId?: unknown } | undefined)?.requestId;
    if (requestId !== undefined && !OUR_REQUEST_ID.test(String(requestId))) {
      problems.push(
        `log line grouped by a request id the caller chose: ${String(requestId).slice(0, 80)}`,
      );
    }
    if (/unhandled|uncaught/i.test(line)) problems.push(`log line: ${line.slice(0, 300)}`);
  }
  for (const line of lines.stderr) {
    problems.push(`stderr: ${redact(line, neverLogged).slice(0, 300)}`);
  }
  return problems;
}

function redact(line: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join("[SECRET]"), line).slice(0, 300);
}

function isJsonObject(line: string): boolean {
  const value = parseJson(line);
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A request in a few readable lines, long values shortened, for counterexamples. */
export function describeRequest(
  request: FuzzRequest,
  labels: ReadonlyMap<string, string> = new Map(),
): string {
  const named = (text: string) =>
    [...labels].reduce((value, [secret, label]) => value.split(secret).join(label), text);
  const short = (raw: string) => {
    const text = named(raw);
    return text.length > 160
      ? `${JSON.stringify(text.slice(0, 120))}…(${text.length} chars)`
      : JSON.stringify(text);
  };
  const body =
    request.body === undefined
      ? "(no body)"
      : typeof request.body === "string"
        ? short(request.body)
        : `bytes ${Buffer.from(request.body).toString("hex").slice(0, 120)} (${request.body.length})`;
  const headers = request.headers.map(([name, value]) => `${name}: ${short(value)}`).join("; ");
  return `${request.method} ${request.path ?? "/"} [${request.kind}${request.valid ? ", valid" : ""}]${request.chunked ? " chunked" : ""} headers {${headers}} body ${body}`;
}
