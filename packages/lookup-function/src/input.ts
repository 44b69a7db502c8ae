import { LookupError } from "./errors.ts";

/** Which contract the caller used: JSM's issue-data shape, or ours. */
export type RequestShape = "legacy" | "structured";

export interface SerialRequest {
  shape: RequestShape;
  /** Still unsplit: serial-lookup's `parseSerialInput` splits, trims, dedupes and caps. */
  input: string | string[];
}

/**
 * Reads which serials a request asks for, from either contract:
 * - legacy (JSM "custom data" shaped like issue data): `{"fields": {"serialnumber": "SN1,SN2"}}`
 * - ours: `{"serial_number": "SN1"}` or `{"serial_numbers": ["SN1", "SN2"]}`
 *
 * `body` is what the Functions Framework parsed: an object for JSON, a string for `text/*`, a
 * Buffer for other content types. Non-JSON content types are parsed here so that a rule sending
 * JSON with the wrong header still works.
 */
export function readSerialRequest(body: unknown): SerialRequest {
  const value = decodeBody(body);
  if (value === undefined) throw new LookupError("NO_SERIAL", "the request has no body");
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LookupError("INVALID_INPUT", "the body must be a JSON object");
  }
  const record = value as Record<string, unknown>;
  const present = (["serial_numbers", "serial_number", "fields"] as const).filter(
    (key) => record[key] !== undefined,
  );
  if (present.length === 0) {
    throw new LookupError(
      "NO_SERIAL",
      "the body has none of serial_number, serial_numbers, fields.serialnumber",
    );
  }
  if (present.length > 1) {
    throw new LookupError("INVALID_INPUT", `send only one of ${present.join(", ")}`);
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

function decodeBody(body: unknown): unknown {
  if (Buffer.isBuffer(body)) return decodeText(body.toString("utf8"));
  if (typeof body === "string") return decodeText(body);
  // body-parser leaves `{}` when there was no body at all.
  if (typeof body === "object" && body !== null && Object.keys(body).length === 0) {
    return undefined;
  }
  return body;
}

function decodeText(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // No cause on purpose: V8's parse messages quote the body, and bodies do not go to logs.
    throw new LookupError("INVALID_JSON", "the body is not valid JSON");
  }
}

function readLegacyFields(fields: unknown): string {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw new LookupError("INVALID_INPUT", "fields must be an object holding serialnumber");
  }
  const serial = (fields as Record<string, unknown>).serialnumber;
  // JSM renders an empty custom field as null or "": both mean no serial was entered.
  if (serial === undefined || serial === null) {
    throw new LookupError("NO_SERIAL", "fields.serialnumber is missing");
  }
  return readSerialString(serial, "fields.serialnumber");
}

function readSerialString(value: unknown, name: string): string {
  if (typeof value !== "string") throw new LookupError("INVALID_INPUT", `${name} must be a string`);
  return value;
}

function readSerialList(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new LookupError("INVALID_INPUT", "serial_numbers must be an array of strings");
  }
  return value;
}
