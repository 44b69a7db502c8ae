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
//
// WHY a scan and not a regular expression: a pattern like `[a-z][a-z0-9+.-]*://` is tried at every
// position and backtracks over the whole run of scheme-like characters, so 15 KB of `a.a.a...` in a
// header cost ~130 ms of CPU per request on the public function. This looks only at each `://`,
// once, and only within the part of the string that will be kept.

/** Where the authority of a URL ends (WHATWG URL: `/`, `?`, `#`, `\`), or whitespace. */
const AUTHORITY_END = /[\s/?#\\]/;

/**
 * `value` with the credentials of every URL in it replaced (`https://[redacted]@host`): for each
 * `://`, everything up to the last `@` of the authority. Linear in the length of `value`.
 */
export function redactUrlCredentials(value: string): string {
  return redactPrefix(value, value.length);
}

/**
 * The first `max` characters of `value`, credentials redacted, and a note of how many were cut:
 * only the kept prefix is ever scanned. When the cut falls inside an authority, the rest of it
 * may be a password whose `@` was cut off: it is redacted too.
 */
export function capString(value: string, max: number): string {
  if (value.length <= max) return redactPrefix(value, max);
  return `${redactPrefix(value, max)}…[${value.length - max} more]`;
}

function redactPrefix(value: string, max: number): string {
  const text = value.length > max ? value.slice(0, max) : value;
  const cut = value.length > max;
  let out = "";
  let copied = 0;
  let from = 0;
  for (;;) {
    const scheme = text.indexOf("://", from);
    if (scheme === -1) break;
    const start = scheme + 3;
    let end = start;
    let lastAt = -1;
    while (end < text.length && !AUTHORITY_END.test(text.charAt(end))) {
      if (text.charAt(end) === "@") lastAt = end;
      end += 1;
    }
    if (end === text.length && cut && end > start) {
      out += `${text.slice(copied, start)}${REDACTED}`;
      copied = end;
      break;
    }
    if (lastAt !== -1) {
      out += `${text.slice(copied, start)}${REDACTED}`;
      copied = lastAt;
    }
    from = Math.max(end, start);
  }
  return out + text.slice(copied);
}

/**
 * A log-safe copy of `value`: credentials under sensitive keys and in URLs replaced, strings capped, depth
 * and array length bounded, errors reduced to name/code/message/cause (never their stack or data).
 * Newlines need no handling here: JSON encoding turns them into `\n`, so one entry stays one line.
 */
export function sanitize(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return capString(value, MAX_FIELD_CHARS);
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
