import { describe, expect, it } from "vitest";
import { parseLookupConfig } from "../src/config.ts";

const valid = {
  ENVIRONMENT: "prod",
  EXPECTED_AUDIENCE: "https://example.test/odoo-lookup-prod",
  TRIGGER_ACCOUNT: "odoo-trigger-prod@acme.iam.gserviceaccount.com",
  TOKEN_VERIFICATION: "platform",
};

describe("parseLookupConfig", () => {
  it("applies the documented defaults", () => {
    expect(parseLookupConfig(valid)).toMatchObject({
      environment: "prod",
      deadlineMs: 25_000,
      secretTtlMs: 300_000,
      token: { mode: "platform" },
      extraFields: undefined,
      odooProtocol: "auto",
      odooMaxConcurrentRequests: 6,
    });
  });

  it("reads ODOO_PROTOCOL and refuses anything but auto, xmlrpc or json2", () => {
    for (const protocol of ["auto", "xmlrpc", "json2"]) {
      expect(parseLookupConfig({ ...valid, ODOO_PROTOCOL: protocol }).odooProtocol).toBe(protocol);
    }
    expect(() => parseLookupConfig({ ...valid, ODOO_PROTOCOL: "jsonrpc" })).toThrow(
      /ODOO_PROTOCOL must be one of auto, xmlrpc, json2 \(got "jsonrpc"\)/,
    );
  });

  it.each(["0", "65", "2.5", "six", "0x10", "1e1"])(
    "refuses ODOO_MAX_CONCURRENT_REQUESTS=%s: Odoo's workers need a whole, small bound",
    (value) => {
      expect(() => parseLookupConfig({ ...valid, ODOO_MAX_CONCURRENT_REQUESTS: value })).toThrow(
        `ODOO_MAX_CONCURRENT_REQUESTS must be an integer from 1 to 64: Odoo requests in flight at once per instance (got "${value}")`,
      );
    },
  );

  it("reads ODOO_MAX_CONCURRENT_REQUESTS", () => {
    expect(
      parseLookupConfig({ ...valid, ODOO_MAX_CONCURRENT_REQUESTS: " 2 " })
        .odooMaxConcurrentRequests,
    ).toBe(2);
  });

  it("reads jwks verification and the extra fields", () => {
    const config = parseLookupConfig({
      ...valid,
      ENVIRONMENT: " Stage ",
      TOKEN_VERIFICATION: "jwks",
      JWKS_URL: "http://127.0.0.1:9/oauth2/v3/certs",
      TOKEN_ISSUER: "http://127.0.0.1:9",
      REQUEST_DEADLINE_MS: "1500",
      EXTRA_FIELDS: '{"SentfromdatefromHapro":"sale.order:x_sent_hapro"}',
    });
    expect(config.environment).toBe("stage");
    expect(config.token).toMatchObject({ mode: "jwks", issuer: "http://127.0.0.1:9" });
    expect(config.deadlineMs).toBe(1500);
    expect(config.extraFields).toEqual([
      { key: "SentfromdatefromHapro", model: "sale.order", field: "x_sent_hapro" },
    ]);
  });

  it("lists every problem in one message", () => {
    let message = "";
    try {
      parseLookupConfig({
        ENVIRONMENT: "production",
        TOKEN_VERIFICATION: "jwks",
        REQUEST_DEADLINE_MS: "soon",
        EXTRA_FIELDS: "{",
      });
    } catch (error) {
      expect(error).toMatchObject({ code: "CONFIG_INVALID" });
      message = (error as Error).message;
    }
    for (const expected of [
      "ENVIRONMENT must be one of prod, stage",
      "EXPECTED_AUDIENCE is not set",
      "TRIGGER_ACCOUNT is not set",
      "JWKS_URL is not set",
      "TOKEN_ISSUER is not set",
      "REQUEST_DEADLINE_MS must be an integer from 100 to 3600000",
      "EXTRA_FIELDS:",
    ]) {
      expect(message).toContain(expected);
    }
  });

  it("refuses an unknown token verification mode", () => {
    expect(() => parseLookupConfig({ ...valid, TOKEN_VERIFICATION: "none" })).toThrow(
      /TOKEN_VERIFICATION must be one of platform, jwks/,
    );
  });

  it("reads SECRET_TTL_MS by the token function's rule: 0 to an hour", () => {
    expect(parseLookupConfig({ ...valid, SECRET_TTL_MS: "0" }).secretTtlMs).toBe(0);
    expect(() => parseLookupConfig({ ...valid, SECRET_TTL_MS: "3600001" })).toThrow(
      'SECRET_TTL_MS must be an integer from 0 to 3600000: milliseconds a secret value is cached (got "3600001")',
    );
  });
});
