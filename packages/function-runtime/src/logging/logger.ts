import { capString, isSensitiveKey, MAX_MESSAGE_CHARS, REDACTED, sanitize } from "./redact.ts";

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  notice(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. the request context) to every entry. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Receives one complete JSON line (without the newline). Default: stdout. */
  write?: (line: string) => void;
  /** Fields on every entry. */
  fields?: LogFields;
  now?: () => number;
}

// Cloud Logging severities: https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry#LogSeverity
const SEVERITY = {
  debug: "DEBUG",
  info: "INFO",
  notice: "NOTICE",
  warn: "WARNING",
  error: "ERROR",
} as const;

// Set by the logger itself; a field of the same name must not forge them.
const RESERVED = new Set(["severity", "message", "time"]);

const defaultWrite = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * Structured logs as Cloud Logging reads them from stdout: one JSON object per line with
 * `severity`, `message` and `time` (https://cloud.google.com/logging/docs/structured-logging).
 * Every field goes through `sanitize`: credentials under sensitive keys and in URLs are redacted
 * and long strings are capped, so a hostile header cannot flood or forge entries.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const { write = defaultWrite, now = Date.now } = options;
  const base = options.fields ?? {};

  const emit = (level: keyof typeof SEVERITY, message: string, fields?: LogFields): void => {
    const entry: Record<string, unknown> = {
      severity: SEVERITY[level],
      message: capString(String(message), MAX_MESSAGE_CHARS),
      time: new Date(now()).toISOString(),
    };
    for (const source of [base, fields ?? {}]) {
      for (const [key, value] of Object.entries(source)) {
        if (RESERVED.has(key) || value === undefined) continue;
        entry[key] = isSensitiveKey(key) ? REDACTED : sanitize(value);
      }
    }
    // JSON.stringify escapes CR/LF; U+2028/U+2029 are escaped too so no reader splits a line.
    write(JSON.stringify(entry).replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029"));
  };

  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    notice: (message, fields) => emit("notice", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
    child: (fields) => createLogger({ write, now, fields: { ...base, ...fields } }),
  };
}
