/**
 * The one error class of the package. `code` is what callers switch on (the HTTP edge maps it to
 * a fixed response); `message` is safe to show an operator: it never holds credentials.
 */
export type SerialLookupErrorCode =
  /** The input held no serial number after trimming and splitting. */
  | "NO_SERIALS"
  /** More serials than MAX_SERIALS_PER_REQUEST in one request. */
  | "TOO_MANY_SERIALS"
  /** One serial longer than MAX_SERIAL_LENGTH characters. */
  | "SERIAL_TOO_LONG"
  /** A serial containing control characters (never part of a lot name). */
  | "SERIAL_INVALID"
  /** The extra-fields configuration is not the documented JSON shape. */
  | "EXTRA_FIELDS_INVALID"
  /** Odoo could not be asked (connection, authentication, access, timeout): see `cause`. */
  | "ODOO_FAILED";

export class SerialLookupError extends Error {
  override readonly name = "SerialLookupError";
  readonly code: SerialLookupErrorCode;

  constructor(code: SerialLookupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

export function isSerialLookupError(value: unknown): value is SerialLookupError {
  return value instanceof SerialLookupError;
}
