import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/index.ts";

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ write: (line) => lines.push(line), now: () => 0 });
  return {
    logger,
    lines,
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("createLogger", () => {
  it("writes one JSON object per entry with the Cloud Logging severity", () => {
    const { logger, entries } = capture();
    logger.debug("d");
    logger.info("i", { environment: "prod" });
    logger.notice("n");
    logger.warn("w");
    logger.error("e");
    expect(entries()).toEqual([
      { severity: "DEBUG", message: "d", time: "1970-01-01T00:00:00.000Z" },
      { severity: "INFO", message: "i", time: "1970-01-01T00:00:00.000Z", environment: "prod" },
      { severity: "NOTICE", message: "n", time: "1970-01-01T00:00:00.000Z" },
      { severity: "WARNING", message: "w", time: "1970-01-01T00:00:00.000Z" },
      { severity: "ERROR", message: "e", time: "1970-01-01T00:00:00.000Z" },
    ]);
  });

  it("adds a child's fields to every entry", () => {
    const { logger, entries } = capture();
    logger.child({ requestId: "r1" }).child({ environment: "stage" }).info("x");
    expect(entries()[0]).toMatchObject({ requestId: "r1", environment: "stage" });
  });

  it.each([
    "password",
    "access_password",
    "Authorization",
    "idToken",
    "token",
    "x-api-key",
    "api_key",
    "client_secret",
    "cookie",
  ])("redacts the value under the key %s, at any depth", (key) => {
    const { logger, lines } = capture();
    logger.info("x", {
      [key]: "hunter2-value",
      headers: { [key]: "hunter2-value" },
      list: [{ [key]: "hunter2-value" }],
    });
    expect(lines[0]).not.toContain("hunter2-value");
    expect(lines[0]).toContain("[redacted]");
  });

  it.each(["secretName", "tokenType", "environment", "outcome"])(
    "keeps the key %s readable",
    (key) => {
      const { logger, entries } = capture();
      logger.info("x", { [key]: "visible" });
      expect(entries()[0]?.[key]).toBe("visible");
    },
  );

  it("redacts the credentials of URLs in messages, fields and error causes", () => {
    const { logger, lines, entries } = capture();
    const url = "https://jsm-proxy:hunter2-value@odoo.example.com/xmlrpc/2/object";
    logger.error(`cannot reach ${url}`, {
      odooUrl: url,
      error: new Error("request failed", { cause: new Error(`connect ECONNREFUSED ${url}`) }),
      bare: "http://apikey-hunter2-value@odoo.example.com",
    });
    expect(lines[0]).not.toContain("hunter2-value");
    expect(entries()[0]).toMatchObject({
      message: "cannot reach https://[redacted]@odoo.example.com/xmlrpc/2/object",
      odooUrl: "https://[redacted]@odoo.example.com/xmlrpc/2/object",
      bare: "http://[redacted]@odoo.example.com",
    });
  });

  it("redacts a password holding an @ up to the last @ of the authority", () => {
    const { logger, lines, entries } = capture();
    logger.warn("x", { url: "https://proxy:p@ss-hunter2@odoo.example.com/a@b" });
    expect(lines[0]).not.toContain("hunter2");
    expect(entries()[0]?.url).toBe("https://[redacted]@odoo.example.com/a@b");
  });

  it("redacts an authority the length cap cuts (its @ may lie past the cut)", () => {
    const { logger, lines } = capture();
    const url = "https://proxy-user:hunter2-long-secret-value@odoo.example.com/";
    logger.warn("x".repeat(1_990) + url, { header: "y".repeat(990) + url });
    expect(lines[0]).not.toMatch(/hunter2|proxy-user/);
    expect(lines[0]).toContain("https://[redacted]…[");
  });

  it("looks only at the part it keeps, once per ://, so hostile text costs linear time", () => {
    const { logger, entries } = capture();
    // A backtracking scheme pattern spent minutes on this (about 130 ms for 15 KB of it).
    const hostile = "a.".repeat(500_000);
    logger.warn(hostile, { contentType: hostile, urls: "a://b".repeat(200_000) });
    const entry = entries()[0] ?? {};
    expect(entry.contentType).toMatch(/^(a\.){500}…\[999000 more\]$/);
    expect(String(entry.message).length).toBeLessThan(2_100);
  });

  it("keeps e-mail addresses and plain URLs readable", () => {
    const { logger, entries } = capture();
    const fields = {
      caller: "odoo-trigger-prod@acme.iam.gserviceaccount.com",
      url: "https://odoo.example.com/web?db=x#a@b",
    };
    logger.info("x", fields);
    expect(entries()[0]).toMatchObject(fields);
  });

  it("keeps a forged line break inside the one JSON line (log injection)", () => {
    const { logger, lines, entries } = capture();
    logger.warn('bad\n{"severity":"ERROR","message":"forged"}', { header: "a\r\nb\u2028c" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(entries()[0]).toMatchObject({ severity: "WARNING", header: "a\r\nb\u2028c" });
  });

  it("does not let a field overwrite severity, message or time", () => {
    const { logger, entries } = capture();
    logger.info("real", { severity: "EMERGENCY", message: "fake", time: "x" });
    expect(entries()[0]).toEqual({
      severity: "INFO",
      message: "real",
      time: "1970-01-01T00:00:00.000Z",
    });
  });

  it("caps long strings and reduces errors to name, code, message and cause", () => {
    const { logger, entries } = capture();
    const error = Object.assign(new Error("boom", { cause: "secret cause" }), { code: "E_X" });
    logger.error("x", { body: "a".repeat(5_000), error });
    const entry = entries()[0] ?? {};
    expect((entry.body as string).length).toBeLessThan(1_100);
    expect(entry.body).toMatch(/…\[4000 more\]$/);
    expect(entry.error).toEqual({
      name: "Error",
      code: "E_X",
      message: "boom",
      cause: "secret cause",
    });
  });

  it("keeps the root cause of an error wrapped three times (what actually failed)", () => {
    const { logger, entries } = capture();
    const root = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
      code: "ECONNREFUSED",
    });
    const fetchFailed = new TypeError("fetch failed", { cause: root });
    const wrapped = new Error("token minting failed", {
      cause: new Error("IAM did not answer", { cause: fetchFailed }),
    });
    logger.error("x", { error: wrapped });
    expect(JSON.stringify(entries()[0])).toContain('"code":"ECONNREFUSED"');
  });
});
