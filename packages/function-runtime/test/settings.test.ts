import { describe, expect, it } from "vitest";
import {
  problemsMessage,
  readFlags,
  readSettings,
  SECRET_TTL_MS_RULE,
  TRIGGER_ACCOUNT_RULE,
} from "../src/index.ts";

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

  it("reads a choice in any case and returns it as the list spells it", () => {
    const settings = readSettings({ MODE: " Stage ", KINDS: "XMLRPC, json2" });
    expect(settings.oneOf("MODE", ["prod", "stage"])).toBe("stage");
    expect(settings.listOf("KINDS", ["auto", "xmlrpc", "json2"])).toEqual(["xmlrpc", "json2"]);
    expect(settings.problems()).toEqual([]);
  });

  it.each([
    { value: "prod,qa", why: "an unknown item" },
    { value: "prod,PROD", why: "an item twice" },
    { value: " , ", why: "no item" },
  ])("refuses a list with $why in one message", ({ value }) => {
    const settings = readSettings({ LIST: value });
    expect(settings.listOf("LIST", ["prod", "stage"], { default: ["prod"] })).toBeUndefined();
    expect(settings.problems()).toEqual([
      `LIST must be a comma-separated list of prod, stage, each at most once (got ${JSON.stringify(value.trim())})`,
    ]);
  });

  it("defaults an unset list, blank items skipped in a set one", () => {
    const settings = readSettings({ SET: "stage,,prod" });
    expect(settings.listOf("UNSET", ["prod", "stage"], { default: ["prod", "stage"] })).toEqual([
      "prod",
      "stage",
    ]);
    expect(settings.listOf("SET", ["prod", "stage"])).toEqual(["stage", "prod"]);
  });

  it("checks a pattern, its default included, and says what a value must be", () => {
    const settings = readSettings({ ACCOUNT: "odoo-trigger-prod", GOOD: "a@b.example" });
    expect(settings.matching("GOOD", TRIGGER_ACCOUNT_RULE)).toBe("a@b.example");
    expect(settings.matching("ACCOUNT", TRIGGER_ACCOUNT_RULE)).toBeUndefined();
    settings.matching("BUCKET", { pattern: /^[a-z]+$/, what: "a bucket", default: "B" });
    settings.matching("NEEDED", { ...TRIGGER_ACCOUNT_RULE, required: "who calls" });
    expect(settings.problems()).toEqual([
      'ACCOUNT must be a service-account email (got "odoo-trigger-prod")',
      'BUCKET must be a bucket (got "B")',
      "NEEDED is not set: who calls",
    ]);
  });

  it("hands a value to its own parser and keeps the parser's message as the problem", () => {
    const settings = readSettings({ JSON: '{"a": 1}', BAD: "{" });
    const parse = (text: string) => JSON.parse(text) as unknown;
    expect(settings.parsed("JSON", parse)).toEqual({ a: 1 });
    expect(settings.parsed("UNSET", parse)).toBeUndefined();
    expect(settings.parsed("BAD", parse)).toBeUndefined();
    expect(settings.problems()).toEqual([`BAD: ${messageOf(() => JSON.parse("{"))}`]);
  });

  it("reads SECRET_TTL_MS by one rule: 0 to an hour, 5 minutes when unset", () => {
    const settings = readSettings({ ZERO: "0", HOUR: "3600000", DAY: "86400000" });
    expect(settings.integer("UNSET", SECRET_TTL_MS_RULE)).toBe(300_000);
    expect(settings.integer("ZERO", SECRET_TTL_MS_RULE)).toBe(0);
    expect(settings.integer("HOUR", SECRET_TTL_MS_RULE)).toBe(3_600_000);
    expect(settings.integer("DAY", SECRET_TTL_MS_RULE)).toBeUndefined();
    expect(settings.problems()).toEqual([
      'DAY must be an integer from 0 to 3600000: milliseconds a secret value is cached (got "86400000")',
    ]);
  });
});

describe("readFlags", () => {
  it("reads command-line values by the same rules, under their flag names", () => {
    const flags = readFlags({ port: "http", json: true, workers: "2" });
    expect(flags.integer("--workers", { min: 0, max: 10 })).toBe(2);
    expect(flags.integer("--port", { min: 0, max: 65535 })).toBeUndefined();
    expect(flags.problems()).toEqual(['--port must be an integer from 0 to 65535 (got "http")']);
  });

  it("names the flag when given, else the variable standing in for it, else both", () => {
    const flags = readFlags({ url: "odoo.example.com" }, { ODOO_DB: "prod" });
    expect(flags.flag("url", "ODOO_URL")).toBe("--url");
    expect(flags.flag("db", "ODOO_DB")).toBe("ODOO_DB");
    expect(flags.flag("user", "ODOO_USER")).toBe("--user (or ODOO_USER)");
    expect(flags.string(flags.flag("db", "ODOO_DB"))).toBe("prod");
    flags.url(flags.flag("url", "ODOO_URL"));
    flags.string(flags.flag("user", "ODOO_USER"), { required: "the Odoo login" });
    expect(flags.problems()).toEqual([
      '--url must be an absolute http or https URL (got "odoo.example.com")',
      "--user (or ODOO_USER) is not set: the Odoo login",
    ]);
  });
});

describe("problemsMessage", () => {
  it("formats a configuration error's message as its title and every problem", () => {
    expect(problemsMessage("token function configuration is invalid", ["a", "b"])).toBe(
      "token function configuration is invalid: a; b",
    );
  });
});

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}
