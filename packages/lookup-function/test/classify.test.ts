import { RuntimeError } from "@jsm-odoo/function-runtime";
import { OdooError } from "@jsm-odoo/odoo-client";
import { SerialLookupError } from "@jsm-odoo/serial-lookup";
import { describe, expect, it } from "vitest";
import { classifyLookupError } from "../src/classify.ts";
import { LookupError } from "../src/errors.ts";

const later = () => Date.now() + 60_000;

describe("classifyLookupError", () => {
  it("keeps a LookupError's code, and its message when worded for the caller", () => {
    const error = new LookupError("INVALID_INPUT", "serials must be text", { callerMessage: true });
    expect(classifyLookupError(error, later())).toEqual({
      code: "INVALID_INPUT",
      detail: "serials must be text",
    });
    expect(classifyLookupError(new LookupError("TOKEN_INVALID", "bad iss"), later())).toEqual({
      code: "TOKEN_INVALID",
    });
  });

  it("answers serial-lookup's input errors with their own message", () => {
    const error = new SerialLookupError("NO_SERIALS", "No serial number given");
    expect(classifyLookupError(error, later())).toEqual({
      code: "NO_SERIAL",
      detail: "No serial number given",
    });
  });

  it("recognises an Odoo failure under serial-lookup's ODOO_FAILED by its class", () => {
    const cause = new OdooError("ODOO_UNAVAILABLE", "connection refused");
    const error = new SerialLookupError("ODOO_FAILED", "Odoo lookup failed", { cause });
    expect(classifyLookupError(error, later())).toEqual({ code: "ODOO_FAILED" });
    const timeout = new OdooError("ODOO_TIMEOUT", "no answer in time");
    expect(
      classifyLookupError(new SerialLookupError("ODOO_FAILED", "x", { cause: timeout }), later()),
    ).toEqual({ code: "DEADLINE_EXCEEDED" });
  });

  it("treats unreadable secrets as the connection not being configured", () => {
    const error = new RuntimeError("SECRET_ACCESS_DENIED", "secret odoo_prod_pass: denied");
    expect(classifyLookupError(error, later())).toEqual({ code: "NOT_CONFIGURED" });
  });

  it("answers DEADLINE_EXCEEDED once the deadline has passed, whatever failed", () => {
    expect(classifyLookupError(new Error("late"), Date.now() - 1)).toEqual({
      code: "DEADLINE_EXCEEDED",
    });
  });

  it("does not trust a code spelled like another package's: an unknown error is INTERNAL", () => {
    const lookalike = Object.assign(new Error("not from odoo-client"), { code: "ODOO_TIMEOUT" });
    expect(classifyLookupError(lookalike, later())).toEqual({ code: "INTERNAL" });
    const secretLike = Object.assign(new Error("not a secret error"), { code: "SECRET_NOT_FOUND" });
    expect(classifyLookupError(secretLike, later())).toEqual({ code: "INTERNAL" });
  });
});
