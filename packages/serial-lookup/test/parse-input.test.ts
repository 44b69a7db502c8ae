import { describe, expect, it } from "vitest";
import {
  MAX_SERIAL_LENGTH,
  MAX_SERIALS_PER_REQUEST,
  parseSerialInput,
  SerialLookupError,
} from "../src/index.ts";

describe("parseSerialInput", () => {
  it.each([
    ["a single serial", "52129A0001", ["52129A0001"]],
    ["commas", "52129A0001,52132B0127", ["52129A0001", "52132B0127"]],
    ["semicolons and spaces", " A1 ; B2 ;C3 ", ["A1", "B2", "C3"]],
    ["newlines and tabs", "A1\nB2\r\n\tC3", ["A1", "B2", "C3"]],
    ["empty pieces", ",,A1,, ,;B2,", ["A1", "B2"]],
    ["case-insensitive duplicates, first spelling kept", "ab1, AB1, Ab1, cd2", ["ab1", "cd2"]],
    ["non-ASCII serials", "ÅSE-1, åse-1, Ørn", ["ÅSE-1", "Ørn"]],
    ["wildcard characters kept as typed", "A_1, %, 5\\", ["A_1", "%", "5\\"]],
    ["an array of fields", ["A1, B2", "b2", "C3"], ["A1", "B2", "C3"]],
  ] as const)("splits %s", (_name, input, expected) => {
    expect(parseSerialInput(input)).toEqual(expected);
  });

  it("is idempotent on its own output", () => {
    const once = parseSerialInput("a, b; c");
    expect(parseSerialInput(once)).toEqual(once);
  });

  it.each([
    ["an empty string", ""],
    ["only separators", " ,;\n "],
    ["an empty array", []],
  ])("rejects %s with NO_SERIALS", (_name, input) => {
    expect(() => parseSerialInput(input)).toThrow(
      expect.objectContaining({ code: "NO_SERIALS", message: "No serial number given" }),
    );
  });

  it(`accepts ${MAX_SERIALS_PER_REQUEST} serials and rejects one more with TOO_MANY_SERIALS`, () => {
    const serials = Array.from({ length: MAX_SERIALS_PER_REQUEST + 1 }, (_, i) => `SN${i}`);
    expect(parseSerialInput(serials.slice(0, -1))).toHaveLength(MAX_SERIALS_PER_REQUEST);
    let error: unknown;
    try {
      parseSerialInput(serials.join(","));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SerialLookupError);
    expect(error).toMatchObject({
      code: "TOO_MANY_SERIALS",
      message: "Too many serial numbers: 21 given, at most 20 per request",
    });
  });

  it("counts serials after deduplication", () => {
    const repeated = Array.from({ length: 50 }, () => "same").join(",");
    expect(parseSerialInput(repeated)).toEqual(["same"]);
  });

  it(`rejects a serial longer than ${MAX_SERIAL_LENGTH} characters`, () => {
    expect(parseSerialInput("x".repeat(MAX_SERIAL_LENGTH))).toHaveLength(1);
    expect(() => parseSerialInput("x".repeat(MAX_SERIAL_LENGTH + 1))).toThrow(
      expect.objectContaining({ code: "SERIAL_TOO_LONG" }),
    );
  });

  it("rejects control characters", () => {
    expect(() => parseSerialInput("A\u00001")).toThrow(
      expect.objectContaining({ code: "SERIAL_INVALID" }),
    );
  });

  it.each([
    { name: "U+FFFE", serial: "SN\uFFFE1" },
    { name: "U+FFFF", serial: "SN\uFFFF" },
    { name: "a lone high surrogate", serial: "SN\uD800" },
    { name: "a lone low surrogate", serial: "\uDC00SN" },
  ])("rejects $name, which XML 1.0 cannot carry, as the caller's input", ({ serial }) => {
    expect(() => parseSerialInput(serial)).toThrow(
      expect.objectContaining({
        code: "SERIAL_INVALID",
        message: expect.stringContaining("cannot be sent to Odoo"),
      }),
    );
  });

  it("keeps characters XML 1.0 allows: a surrogate pair (emoji), U+FFFD, private use", () => {
    expect(parseSerialInput("SN-😀,SN-\uFFFD,SN-\uE000")).toEqual([
      "SN-😀",
      "SN-\uFFFD",
      "SN-\uE000",
    ]);
  });

  it("rejects values that are not strings with a TypeError", () => {
    expect(() => parseSerialInput([42] as unknown as string[])).toThrow(TypeError);
  });
});
