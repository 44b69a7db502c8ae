import { RuntimeError } from "@jsm-odoo/function-runtime";
import { describe, expect, it } from "vitest";
import { classifyTokenError } from "../src/classify.ts";
import { TokenError } from "../src/errors.ts";

describe("classifyTokenError", () => {
  it("keeps a TokenError's code and headers, and its message only when worded for the caller", () => {
    const throttled = new TokenError("TOO_MANY_FAILURES", "budget spent", {
      headers: { "Retry-After": "60" },
    });
    expect(classifyTokenError(throttled)).toEqual({
      code: "TOO_MANY_FAILURES",
      headers: { "Retry-After": "60" },
    });
    expect(classifyTokenError(new TokenError("UNAUTHORIZED", "wrong password"))).toEqual({
      code: "UNAUTHORIZED",
    });
    const unknown = new TokenError("UNKNOWN_ENVIRONMENT", "Use one of: prod.", {
      callerMessage: true,
    });
    expect(classifyTokenError(unknown)).toEqual({
      code: "UNKNOWN_ENVIRONMENT",
      detail: "Use one of: prod.",
    });
  });

  it("answers the configuration's and the minter's codes as the service's", () => {
    expect(classifyTokenError(new TokenError("CONFIG_INVALID", "x"))).toEqual({
      code: "SERVICE_UNAVAILABLE",
    });
    expect(classifyTokenError(new TokenError("MINT_FAILED", "x"))).toEqual({
      code: "TOKEN_UNAVAILABLE",
    });
  });

  it("answers anything else as INTERNAL, whatever code it carries", () => {
    expect(classifyTokenError(new RuntimeError("SECRET_UNAVAILABLE", "down"))).toEqual({
      code: "INTERNAL",
    });
    const lookalike = Object.assign(new Error("x"), { code: "UNAUTHORIZED" });
    expect(classifyTokenError(lookalike)).toEqual({ code: "INTERNAL" });
  });
});
