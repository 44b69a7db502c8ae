/**
 * The one error class of the package. Codes are stable strings callers switch on; messages are
 * safe to log (credentials are redacted before an error is built, see `redact`).
 */
export type OdooErrorCode =
  | "ODOO_AUTH_REJECTED"
  | "ODOO_ACCESS_DENIED"
  | "ODOO_UNKNOWN_MODEL"
  | "ODOO_UNKNOWN_FIELD"
  | "ODOO_USER_ERROR"
  | "ODOO_SERVER_ERROR"
  | "ODOO_UNAVAILABLE"
  | "ODOO_TIMEOUT"
  | "ODOO_ABORTED"
  | "ODOO_PROTOCOL"
  | "ODOO_REFUSED_METHOD"
  | "ODOO_UNSUPPORTED";

export interface OdooErrorOptions {
  retryable?: boolean;
  faultCode?: number | string;
  faultString?: string;
  httpStatus?: number;
  /** Milliseconds the server asked us to wait (HTTP `Retry-After`). */
  retryAfterMs?: number;
  cause?: unknown;
}

export class OdooError extends Error {
  override readonly name = "OdooError";
  readonly code: OdooErrorCode;
  readonly retryable: boolean;
  readonly faultCode: number | string | undefined;
  readonly faultString: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: OdooErrorCode, message: string, options: OdooErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.faultCode = options.faultCode;
    this.faultString = options.faultString;
    this.httpStatus = options.httpStatus;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** What a log line or an HTTP edge may show: no stack, no cause internals. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      faultCode: this.faultCode,
      faultString: this.faultString,
      httpStatus: this.httpStatus,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export function isOdooError(value: unknown): value is OdooError {
  return value instanceof OdooError;
}

/** Replaces every occurrence of each secret (password / API key) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // A one-character "secret" would shred every message; such passwords are rejected upstream
    // by Odoo anyway, so only redact secrets long enough to be meaningful.
    if (secret.length >= 3) out = out.split(secret).join("***");
  }
  return out;
}

/**
 * Rebuilds an error with every text field redacted. The original is NOT kept as `cause`: errors
 * from the HTTP stack hold the request (whose body carries the password in XML-RPC), and
 * `util.inspect` would print it. The sanitized cause keeps only message and errno-style code.
 */
export function sanitizeError(error: OdooError, secrets: readonly string[]): OdooError {
  const cause = error.cause;
  let safeCause: unknown;
  if (cause instanceof Error) {
    const plain = new Error(redact(cause.message, secrets));
    plain.name = cause.name;
    const errno = (cause as { code?: unknown }).code;
    if (typeof errno === "string" || typeof errno === "number") {
      Object.assign(plain, { code: errno });
    }
    plain.stack = `${plain.name}: ${plain.message}`;
    safeCause = plain;
  } else if (cause !== undefined) {
    safeCause = redact(String(cause), secrets);
  }
  const clean = new OdooError(error.code, redact(error.message, secrets), {
    retryable: error.retryable,
    faultCode: error.faultCode,
    faultString: error.faultString === undefined ? undefined : redact(error.faultString, secrets),
    httpStatus: error.httpStatus,
    retryAfterMs: error.retryAfterMs,
    cause: safeCause,
  });
  if (error.stack !== undefined) clean.stack = redact(error.stack, secrets);
  return clean;
}

/**
 * Maps an Odoo fault (XML-RPC `<fault>`) to a code. Fault codes per Odoo's RPC dispatcher
 * (odoo/service/wsgi_server.py `xmlrpc_handle_exception_int`): 3 AccessDenied, 4 AccessError,
 * 2 other UserError (incl. unknown model), 1 anything else (traceback text).
 */
export function faultToError(faultCode: unknown, faultString: unknown): OdooError {
  const text = typeof faultString === "string" ? faultString : String(faultString ?? "");
  const codeNum = typeof faultCode === "number" ? faultCode : Number(faultCode);
  const data = {
    faultCode: typeof faultCode === "number" || typeof faultCode === "string" ? faultCode : -1,
    faultString: text,
  };
  const firstLine = summarize(text);
  switch (codeNum) {
    case 3:
      return new OdooError("ODOO_AUTH_REJECTED", "Odoo rejected the credentials", data);
    case 4:
      return new OdooError("ODOO_ACCESS_DENIED", `Odoo denied access: ${firstLine}`, data);
    case 2:
      if (/Object .* doesn't exist/.test(text)) {
        return new OdooError("ODOO_UNKNOWN_MODEL", `Unknown Odoo model: ${firstLine}`, data);
      }
      return new OdooError("ODOO_USER_ERROR", `Odoo refused the request: ${firstLine}`, data);
    default:
      if (/Invalid field|Unknown field|has no field|no field named/i.test(text)) {
        return new OdooError("ODOO_UNKNOWN_FIELD", `Unknown Odoo field: ${lastLine(text)}`, data);
      }
      return new OdooError("ODOO_SERVER_ERROR", `Odoo server error: ${lastLine(text)}`, data);
  }
}

function summarize(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

/** Python tracebacks put the exception last: that's the useful line. */
function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  const line = (lines[lines.length - 1] ?? "").trim();
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}
