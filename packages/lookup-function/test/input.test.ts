import { describe, expect, it } from "vitest";
import { LookupError } from "../src/errors.ts";
import { type RequestBody, readSerialRequest } from "../src/input.ts";

/** A request as the Functions Framework hands it over: the parsed body and the raw bytes. */
const received = (body: unknown, raw?: string): RequestBody => ({
  body,
  rawBody: raw === undefined ? undefined : Buffer.from(raw),
});
/** JSON under application/json: the framework parsed it, the bytes are the same JSON. */
const json = (value: unknown) => received(value, JSON.stringify(value));

describe("readSerialRequest", () => {
  it.each([
    ["the legacy JSM shape", json({ fields: { serialnumber: "SN1, SN2" } }), "legacy", "SN1, SN2"],
    ["our single serial", json({ serial_number: "SN1" }), "structured", "SN1"],
    ["our serial list", json({ serial_numbers: ["SN1", "SN2"] }), "structured", ["SN1", "SN2"]],
    [
      "JSON sent as text/plain",
      received('{"serial_number":"SN1"}', '{"serial_number":"SN1"}'),
      "structured",
      "SN1",
    ],
    [
      "JSON sent as octet-stream",
      received(Buffer.from('{"fields":{"serialnumber":"A"}}'), '{"fields":{"serialnumber":"A"}}'),
      "legacy",
      "A",
    ],
    [
      "JSON sent as a form, as curl -d does",
      received({ '{"serial_number":"SN1"}': "" }, '{"serial_number":"SN1"}'),
      "structured",
      "SN1",
    ],
    [
      "a real form body",
      received({ serial_number: "SN1" }, "serial_number=SN1"),
      "structured",
      "SN1",
    ],
    [
      "a legacy form body",
      received({ fields: { serialnumber: "SN1" } }, "fields%5Bserialnumber%5D=SN1"),
      "legacy",
      "SN1",
    ],
    ["a parsed body without raw bytes", received({ serial_number: "SN1" }), "structured", "SN1"],
  ])("reads %s", (_name, request, shape, input) => {
    expect(readSerialRequest(request)).toEqual({ shape, input });
  });

  it.each([
    ["no body at all", received(undefined), "NO_SERIAL", "The request has no body"],
    ["an empty parsed body", received({}), "NO_SERIAL", "The request has no body"],
    [
      "a body the framework did not read for want of a Content-Type",
      { body: {}, headers: { "content-length": "24" } },
      "NO_SERIAL",
      "The request body was not read: it has no Content-Type (send application/json)",
    ],
    [
      "no body and no Content-Type",
      { body: {}, headers: { "content-length": "0" } },
      "NO_SERIAL",
      "The request has no body",
    ],
    ["an empty text body", received("  ", "  "), "NO_SERIAL", "The request has no body"],
    [
      "an object without any serial key",
      json({ summary: "x" }),
      "NO_SERIAL",
      "The body has none of serial_number, serial_numbers, fields",
    ],
    [
      "fields without serialnumber",
      json({ fields: { summary: "x" } }),
      "NO_SERIAL",
      "fields.serialnumber is missing",
    ],
    [
      "a null serialnumber",
      json({ fields: { serialnumber: null } }),
      "NO_SERIAL",
      "fields.serialnumber is missing",
    ],
    ["text that is not JSON", received("{not json", "{not json"), "INVALID_JSON", undefined],
    [
      "broken JSON sent as a form",
      received({ '{"serial_number":"A",}': "" }, '{"serial_number":"A",}'),
      "INVALID_JSON",
      undefined,
    ],
    [
      "a JSON array",
      json(["HL1"]),
      "INVALID_INPUT",
      "The body must be a JSON object, not an array",
    ],
    [
      "a JSON string",
      received('"SN1"', '"SN1"'),
      "INVALID_INPUT",
      "The body must be a JSON object, not a string",
    ],
    ["JSON null", json(null), "INVALID_INPUT", "The body must be a JSON object, not null"],
    [
      "a numeric serial_number",
      json({ serial_number: 12345 }),
      "INVALID_INPUT",
      "serial_number must be a string, not a number",
    ],
    [
      "an object as serialnumber",
      json({ fields: { serialnumber: { value: "A" } } }),
      "INVALID_INPUT",
      "fields.serialnumber must be a string, not an object",
    ],
    [
      "serial_numbers with a number",
      json({ serial_numbers: ["A", 1] }),
      "INVALID_INPUT",
      "serial_numbers must be an array of strings (item 2 is a number)",
    ],
    [
      "serial_numbers as a string",
      json({ serial_numbers: "A,B" }),
      "INVALID_INPUT",
      "serial_numbers must be an array of strings, not a string",
    ],
    [
      "fields as a string",
      json({ fields: "SN1" }),
      "INVALID_INPUT",
      "fields must be an object holding serialnumber, not a string",
    ],
    [
      "two shapes at once",
      json({ serial_number: "A", fields: { serialnumber: "B" } }),
      "INVALID_INPUT",
      "Send only one of serial_number, serial_numbers, fields (got serial_number and fields)",
    ],
  ])("refuses %s with %s", (_name, request, code, message) => {
    const attempt = () => readSerialRequest(request);
    expect(attempt).toThrow(LookupError);
    // INVALID_JSON keeps its fixed caller message ("Invalid JSON"): V8's parse errors quote input.
    expect(attempt).toThrow(
      expect.objectContaining({
        code,
        callerMessage: message !== undefined,
        ...(message === undefined ? {} : { message }),
      }),
    );
  });

  it.each([
    ["a wrong serial_number", { serial_number: { value: "MARKER".repeat(1000) } }],
    ["a wrong list item", { serial_numbers: ["A", ["MARKER".repeat(1000)]] }],
    ["a wrong fields", { fields: ["MARKER".repeat(1000)] }],
  ])("never shows %s in its message, only its type", (_name, body) => {
    const attempt = () => readSerialRequest(json(body));
    expect(attempt).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(attempt).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("MARKER") }),
    );
  });
});
