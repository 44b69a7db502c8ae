import { SerialLookupError } from "./errors.ts";

/** Most serials one request may ask about: 20 keeps every Odoo payload small (see README). */
export const MAX_SERIALS_PER_REQUEST = 20;
/** Longest serial accepted; real lot names are far shorter, longer input is a pasted mistake. */
export const MAX_SERIAL_LENGTH = 64;

// Separators JSM agents type between serials: commas, semicolons, any whitespace (newlines too).
const SEPARATORS = /[\s,;]+/u;
// C0/C1 control characters left after splitting (e.g. NUL) never belong to a lot name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// Characters XML 1.0 cannot carry (https://www.w3.org/TR/xml/#charsets: U+FFFE, U+FFFF) and
// surrogates that are not part of a pair (with the `u` flag, a pair is one code point and does
// not match). XML-RPC would send a document Odoo cannot parse, which comes back as an Odoo
// failure (502, an ERROR log that pages someone) for what is the caller's input.
const NOT_XML = /[\uD800-\uDFFF\uFFFE\uFFFF]/u;

/**
 * Turns what the JSM field holds into the serials to look up: split on commas, semicolons,
 * whitespace and newlines; trim; drop empties; deduplicate case-insensitively (the first
 * spelling wins, as Odoo matches lot names case-insensitively here); cap the count.
 *
 * Throws SerialLookupError NO_SERIALS, TOO_MANY_SERIALS, SERIAL_TOO_LONG or SERIAL_INVALID.
 */
export function parseSerialInput(input: string | readonly string[]): string[] {
  if (typeof input !== "string" && !Array.isArray(input)) {
    throw new TypeError("parseSerialInput expects a string or an array of strings");
  }
  const pieces = (typeof input === "string" ? [input] : input).flatMap((part) => {
    if (typeof part !== "string") {
      throw new TypeError("parseSerialInput expects a string or an array of strings");
    }
    return part.split(SEPARATORS);
  });
  const seen = new Set<string>();
  const serials: string[] = [];
  for (const piece of pieces) {
    const serial = piece.trim();
    if (serial === "") continue;
    const key = serialKey(serial);
    if (seen.has(key)) continue;
    seen.add(key);
    serials.push(serial);
  }
  if (serials.length === 0) {
    throw new SerialLookupError("NO_SERIALS", "No serial number given");
  }
  if (serials.length > MAX_SERIALS_PER_REQUEST) {
    throw new SerialLookupError(
      "TOO_MANY_SERIALS",
      `Too many serial numbers: ${serials.length} given, at most ${MAX_SERIALS_PER_REQUEST} per request`,
    );
  }
  for (const serial of serials) {
    if ([...serial].length > MAX_SERIAL_LENGTH) {
      throw new SerialLookupError(
        "SERIAL_TOO_LONG",
        `Serial number too long: "${serial.slice(0, 20)}..." has ${[...serial].length} characters, at most ${MAX_SERIAL_LENGTH}`,
      );
    }
    if (CONTROL.test(serial)) {
      throw new SerialLookupError("SERIAL_INVALID", "Serial number contains control characters");
    }
    if (NOT_XML.test(serial)) {
      throw new SerialLookupError(
        "SERIAL_INVALID",
        "Serial number contains characters that cannot be sent to Odoo (U+FFFE, U+FFFF or an unpaired surrogate)",
      );
    }
  }
  return serials;
}

/**
 * The case-insensitive identity of a serial, used to dedupe input and to match lot names after
 * Odoo's `=ilike` (which we never trust alone). Lower-casing both sides mirrors PostgreSQL ILIKE.
 */
export function serialKey(serial: string): string {
  return serial.toLowerCase();
}
