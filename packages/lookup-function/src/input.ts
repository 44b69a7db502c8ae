import { LookupError } from "./errors.ts";

/** Which contract the caller used: JSM's issue-data shape, or ours. */
export type RequestShape = "legacy" | "structured";

export interface SerialRequest {
  shape: RequestShape;
  /** Still unsplit: serial-lookup's `parseSerialInput` splits, trims, dedupes and caps. */
  input: string | string[];
}

/** The parts of a Functions Framework request the body is read from. */
export interface RequestBody {
  /** What the framework's body-parser made of the body, chosen by Content-Type. */
  body?: unknown;
  /** The bytes as received (kept by the framework for every content type it parses). */
  rawBody?: Buffer;
  /** To tell "no body" from "a body the framework did not read" (no Content-Type). */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
}

const SHAPES = ["serial_number", "serial_numbers", "fields"] as const;

/**
 * Reads which serials a request asks for, from either contract:
 * - legacy (JSM "custom data" shaped like issue data): `{"fields": {"serialnumber": "SN1,SN2"}}`
 * - ours: `{"serial_number": "SN1"}` or `{"serial_numbers": ["SN1", "SN2"]}`
 *
 * Refusals are LookupErrors whose message is worded for the caller (`callerMessage`): it names
 * the field and at most the JSON type that was sent, never the value.
 */
export function readSerialRequest(request: RequestBody): SerialRequest {
  const value = decodeBody(request);
  if (value === undefined) {
    // The framework parses by Content-Type and reads nothing without one (no rawBody either).
    const unread =
      request.headers !== undefined && !request.headers["content-type"] && hasBody(request.headers);
    throw refuse(
      "NO_SERIAL",
      unread
        ? "The request body was not read: it has no Content-Type (send application/json)"
        : "The request has no body",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw refuse("INVALID_INPUT", `The body must be a JSON object, not ${typeName(value)}`);
  }
  const record = value as Record<string, unknown>;
  const present = SHAPES.filter((key) => record[key] !== undefined);
  if (present.length === 0) {
    throw refuse("NO_SERIAL", "The body has none of serial_number, serial_numbers, fields");
  }
  if (present.length > 1) {
    throw refuse(
      "INVALID_INPUT",
      `Send only one of serial_number, serial_numbers, fields (got ${present.join(" and ")})`,
    );
  }
  switch (present[0]) {
    case "serial_numbers":
      return { shape: "structured", input: readSerialList(record.serial_numbers) };
    case "serial_number":
      return {
        shape: "structured",
        input: readSerialString(record.serial_number, "serial_number"),
      };
    default:
      return { shape: "legacy", input: readLegacyFields(record.fields) };
  }
}

/**
 * The body as a value. The raw bytes win when they are JSON, whatever the Content-Type: JSM and
 * curl (`-d` sends `application/x-www-form-urlencoded`) may send JSON under another type, and the
 * token function reads its body the same way. Otherwise the framework's own parse stands, so a
 * form body (`serial_number=SN1`, `fields[serialnumber]=SN1`: body-parser's extended syntax)
 * still works. Text that starts like JSON but does not parse is refused as invalid JSON rather
 * than read as a form key.
 */
function decodeBody({ body, rawBody }: RequestBody): unknown {
  const raw = rawBody?.toString("utf8") ?? "";
  if (raw.trim() !== "") {
    const parsed = parseJson(raw);
    if (parsed !== NOT_JSON) return parsed;
  }
  if (Buffer.isBuffer(body)) return decodeText(body.toString("utf8"));
  if (typeof body === "string") return decodeText(body);
  if (typeof body !== "object" || body === null) return body;
  // A form body that starts like JSON is JSON with a mistake (`curl -d '{"a": 1,}'`).
  if (/^\s*[[{]/.test(raw)) throw invalidJson();
  // body-parser leaves `{}` when there was no body at all.
  return Object.keys(body).length === 0 ? undefined : body;
}

const NOT_JSON = Symbol("not JSON");

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function decodeText(text: string): unknown {
  if (text.trim() === "") return undefined;
  const parsed = parseJson(text);
  if (parsed === NOT_JSON) throw invalidJson();
  return parsed;
}

// No cause on purpose: V8's parse messages quote the body, and bodies do not go to logs. The
// caller gets the fixed "Invalid JSON", as for JSON the framework's parser refuses.
function invalidJson(): LookupError {
  return new LookupError("INVALID_JSON", "the body is not valid JSON");
}

function readLegacyFields(fields: unknown): string {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw refuse(
      "INVALID_INPUT",
      `fields must be an object holding serialnumber, not ${typeName(fields)}`,
    );
  }
  const serial = (fields as Record<string, unknown>).serialnumber;
  // JSM renders an empty custom field as null or "": both mean no serial was entered.
  if (serial === undefined || serial === null) {
    throw refuse("NO_SERIAL", "fields.serialnumber is missing");
  }
  return readSerialString(serial, "fields.serialnumber");
}

function readSerialString(value: unknown, name: string): string {
  if (typeof value !== "string") {
    throw refuse("INVALID_INPUT", `${name} must be a string, not ${typeName(value)}`);
  }
  return value;
}

function readSerialList(value: unknown): string[] {
  if (!Array.isArray(value)) {
    throw refuse(
      "INVALID_INPUT",
      `serial_numbers must be an array of strings, not ${typeName(value)}`,
    );
  }
  const wrong = value.findIndex((item) => typeof item !== "string");
  if (wrong !== -1) {
    throw refuse(
      "INVALID_INPUT",
      `serial_numbers must be an array of strings (item ${wrong + 1} is ${typeName(value[wrong])})`,
    );
  }
  return value;
}

/** A JSON type name with its article: the only part of a wrong value a message may show. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function hasBody(headers: NonNullable<RequestBody["headers"]>): boolean {
  const length = Number(headers["content-length"] ?? 0);
  return length > 0 || headers["transfer-encoding"] !== undefined;
}

function refuse(code: "INVALID_INPUT" | "NO_SERIAL", message: string): LookupError {
  return new LookupError(code, message, { callerMessage: true });
}
