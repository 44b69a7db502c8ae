/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

/** Longest string kept in a log field; longer ones are cut (a request can carry anything). */
export const MAX_FIELD_CHARS = 1_000;
/** Longest log message kept. */
export const MAX_MESSAGE_CHARS = 2_000;
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;

// Key names whose values are credentials, compared without case, `-` and `_`, and as suffixes
// (`access_password`, `idToken`, `x-api-key`). `secretName` or `tokenCache` stay readable.
const SENSITIVE_SUFFIXES = [
  "password",
  "passwd",
  "pass",
  "token",
  "authorization",
  "secret",
  "apikey",
  "cookie",
  "credential",
  "credentials",
];

export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replaceAll(/[-_]/g, "");
  return SENSITIVE_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

// The userinfo of a URL (`https://user:key@odoo.example.com`): an operator may put basic-auth
// credentials for a proxy in front of Odoo into the server secret, and URLs reach logs in
// messages and error causes (RFC 3986 3.2.1 deprecates passwords in URLs for this reason).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/** `value` with the credentials of every URL in it replaced (`https://[redacted]@host`). */
export function redactUrlCredentials(value: string): string {
  return value.replace(URL_USERINFO, `$1${REDACTED}@`);
}

export function capString(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}…[${value.length - max} more]`;
}

/**
 * A log-safe copy of `value`: credentials under sensitive keys replaced, strings capped, depth
 * and array length bounded, errors reduced to name/code/message/cause (never their stack or data).
 * Newlines need no handling here: JSON encoding turns them into `\n`, so one entry stays one line.
 */
export function sanitize(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return capString(redactUrlCredentials(value), MAX_FIELD_CHARS);
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return value === undefined ? undefined : String(value);
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) {
    // The cause chain tells operators what actually failed (a gRPC status, ERR_MODULE_NOT_FOUND).
    const { code, cause } = value as { code?: unknown; cause?: unknown };
    return sanitize(
      {
        name: value.name,
        ...(code === undefined ? {} : { code }),
        message: value.message,
        ...(cause === undefined ? {} : { cause }),
      },
      // The error's own fields are not a level deeper than the error: each cause costs one
      // level, so a root cause a few wraps down (ECONNREFUSED under "fetch failed") survives.
      depth,
    );
  }
  if (Array.isArray(value)) {
    return value.slice(0, MAX_ITEMS).map((item) => sanitize(item, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : sanitize(item, depth + 1);
  }
  return out;
}
