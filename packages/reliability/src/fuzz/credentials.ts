/**
 * Every credential a fuzz case sends, kept per child for the whole run, so that a log line that
 * quotes one is caught whenever it is written. Only distinctive values count, each as sent and
 * JSON-escaped (the rule and why: docs/decisions.md).
 */
import type { FuzzRequest } from "./arbitraries.ts";

export const MIN_CHARS = 8;
export const MIN_DISTINCT = 5;
/** function-runtime's MAX_FIELD_CHARS (logging/redact.ts; not exported by its index). */
export const LOGGER_FIELD_CHARS = 1_000;
export const PREFIX_CHARS = 24;
/** Words of the functions' own log lines and contract, compared without case. */
const COMMON_WORDS = new Set([
  "application/json",
  "authorization",
  "environment",
  "password",
  "undefined",
  "prod",
  "stage",
  "bearer",
  "null",
  "true",
  "false",
]);

/** Password and bearer-token values a request sends, as the function reads them. */
export function sentCredentials(request: FuzzRequest): string[] {
  const values: string[] = [];
  const trim = (value: string) => value.replace(/^[ \t]+|[ \t]+$/g, "");
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === "password") values.push(trim(value));
    if (lower === "authorization" || lower === "x-serverless-authorization") {
      values.push(trim(value).replace(/^bearer[ \t]+/i, ""));
    }
  }
  if (request.body !== undefined) {
    const text =
      typeof request.body === "string" ? request.body : Buffer.from(request.body).toString("utf8");
    try {
      const { password } = (JSON.parse(text) ?? {}) as { password?: unknown };
      if (typeof password === "string") values.push(password);
    } catch {}
  }
  return values;
}

/** The strings to look for in log lines for `value`; none when it is not distinctive. */
export function needlesFor(value: string): string[] {
  const chars = Array.from(value);
  const looked = chars.length > LOGGER_FIELD_CHARS ? chars.slice(0, PREFIX_CHARS) : chars;
  if (looked.length < MIN_CHARS || new Set(looked).size < MIN_DISTINCT) return [];
  const text = looked.join("");
  if (COMMON_WORDS.has(text.toLowerCase())) return [];
  return [...new Set([text, JSON.stringify(text).slice(1, -1)])];
}

/** A child's log lines so far (both grow; earlier lines never change). */
export interface ChildLines {
  stdout: readonly string[];
  stderr: readonly string[];
}

/**
 * The credentials sent to one child and how far its log lines were checked against them: each
 * check looks at new lines against every credential, and at old lines against the credentials
 * added since, so every line meets every credential exactly once.
 */
export interface CredentialWatch {
  /** Remembers what `request` sends. */
  add(request: FuzzRequest): void;
  /** Lines of the child (all of them, each check) that quote a credential sent to it. */
  check(lines: ChildLines): string[];
  /** Distinct strings looked for. */
  size(): number;
}

export function createCredentialWatch(): CredentialWatch {
  const needles: string[] = [];
  const known = new Set<string>();
  const checked = { stdout: { lines: 0, needles: 0 }, stderr: { lines: 0, needles: 0 } };
  const show = (line: string) =>
    needles.reduce((text, needle) => text.split(needle).join("[SENT]"), line).slice(0, 300);
  return {
    add(request) {
      for (const value of sentCredentials(request)) {
        for (const needle of needlesFor(value)) {
          if (known.has(needle)) continue;
          known.add(needle);
          needles.push(needle);
        }
      }
    },
    check(lines) {
      const found: string[] = [];
      for (const stream of ["stdout", "stderr"] as const) {
        const all = lines[stream];
        const cursor = checked[stream];
        const fresh = needles.slice(cursor.needles);
        // Old lines need a look only when credentials were added since.
        for (let i = fresh.length > 0 ? 0 : cursor.lines; i < all.length; i++) {
          const line = all[i] as string;
          const against = i < cursor.lines ? fresh : needles;
          if (against.some((needle) => line.includes(needle))) {
            found.push(`a password or token a case sent, in a log line (${stream}): ${show(line)}`);
          }
        }
        cursor.lines = all.length;
        cursor.needles = needles.length;
      }
      return found;
    },
    size: () => needles.length,
  };
}
