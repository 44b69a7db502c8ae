import { describe, expect, it } from "vitest";
import { problemsMessage, readSettings } from "../src/index.ts";

describe("readSettings", () => {
  it("reads trimmed values, and defaults for unset or blank ones", () => {
    const settings = readSettings({ A: "  x  ", B: "   ", N: " 42 " });
    expect(settings.raw("A")).toBe("x");
    expect(settings.raw("B")).toBeUndefined();
    expect(settings.string("B", { default: "d" })).toBe("d");
    expect(settings.integer("N", { min: 1, max: 100 })).toBe(42);
    expect(settings.integer("M", { min: 1, max: 100, default: 7 })).toBe(7);
    expect(settings.oneOf("MODE", ["a", "b"] as const, { default: "b" })).toBe("b");
    expect(settings.url("U", { default: "https://example.com/x" })).toBe("https://example.com/x");
    expect(settings.problems()).toEqual([]);
  });

  it("collects one clear problem per bad or missing setting, values cut and quoted", () => {
    const settings = readSettings({
      N: "12x",
      TTL: "99999999",
      MODE: "c",
      U: "ftp://host",
      W: "not a url",
    });
    settings.integer("N", { min: 1, max: 10 });
    settings.integer("TTL", { min: 0, max: 60_000, what: "milliseconds a value is cached" });
    settings.integer("MISSING", { min: 1, max: 2 });
    settings.oneOf("MODE", ["a", "b"]);
    settings.url("U", { protocols: ["https:"] });
    settings.url("W");
    settings.url("V", { required: "where the lookup is" });
    settings.string("S", { required: "the service account" });
    settings.problem("A and B cannot both be set");
    expect(settings.problems()).toEqual([
      'N must be an integer from 1 to 10 (got "12x")',
      'TTL must be an integer from 0 to 60000: milliseconds a value is cached (got "99999999")',
      "MISSING must be an integer from 1 to 2 (it is not set)",
      'MODE must be one of a, b (got "c")',
      'U must be an absolute https URL (got "ftp://host")',
      'W must be an absolute http or https URL (got "not a url")',
      "V is not set: where the lookup is",
      "S is not set: the service account",
      "A and B cannot both be set",
    ]);
  });

  it("never shows more than 40 characters of a value (a secret pasted in the wrong place)", () => {
    const secret = `${"s".repeat(30)}TAIL-OF-A-SECRET`;
    const settings = readSettings({ MODE: secret });
    settings.oneOf("MODE", ["a"]);
    expect(settings.problems()[0]).not.toContain("TAIL-OF-A-SECRET");
  });

  it("formats a configuration error's message as its title and every problem", () => {
    expect(problemsMessage("token function configuration is invalid", ["a", "b"])).toBe(
      "token function configuration is invalid: a; b",
    );
  });
});
