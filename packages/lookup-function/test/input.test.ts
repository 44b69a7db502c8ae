import { describe, expect, it } from "vitest";
import { LookupError } from "../src/errors.ts";
import { readSerialRequest } from "../src/input.ts";

describe("readSerialRequest", () => {
  it.each([
    ["the legacy JSM shape", { fields: { serialnumber: "SN1, SN2" } }, "legacy", "SN1, SN2"],
    ["our single serial", { serial_number: "SN1" }, "structured", "SN1"],
    ["our serial list", { serial_numbers: ["SN1", "SN2"] }, "structured", ["SN1", "SN2"]],
    ["JSON sent as text/plain", '{"serial_number":"SN1"}', "structured", "SN1"],
    ["JSON sent as octet-stream", Buffer.from('{"fields":{"serialnumber":"A"}}'), "legacy", "A"],
  ])("reads %s", (_name, body, shape, input) => {
    expect(readSerialRequest(body)).toEqual({ shape, input });
  });

  it.each([
    ["no body at all", undefined, "NO_SERIAL"],
    ["an empty parsed body", {}, "NO_SERIAL"],
    ["an empty text body", "  ", "NO_SERIAL"],
    ["fields without serialnumber", { fields: { summary: "x" } }, "NO_SERIAL"],
    ["a null serialnumber", { fields: { serialnumber: null } }, "NO_SERIAL"],
    ["text that is not JSON", "{not json", "INVALID_JSON"],
    ["a JSON array", [1, 2], "INVALID_INPUT"],
    ["a JSON string", '"SN1"', "INVALID_INPUT"],
    ["a numeric serial_number", { serial_number: 42 }, "INVALID_INPUT"],
    ["serial_numbers with a number", { serial_numbers: ["A", 1] }, "INVALID_INPUT"],
    ["serial_numbers as a string", { serial_numbers: "A,B" }, "INVALID_INPUT"],
    ["fields as a string", { fields: "SN1" }, "INVALID_INPUT"],
    ["two shapes at once", { serial_number: "A", fields: { serialnumber: "B" } }, "INVALID_INPUT"],
  ])("refuses %s with %s", (_name, body, code) => {
    const attempt = () => readSerialRequest(body);
    expect(attempt).toThrow(LookupError);
    expect(attempt).toThrow(expect.objectContaining({ code }));
  });
});
