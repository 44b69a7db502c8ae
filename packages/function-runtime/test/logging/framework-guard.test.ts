import { describe, expect, it } from "vitest";
import { createLogger, guardFrameworkErrorLogs } from "../../src/index.ts";

describe("guardFrameworkErrorLogs", () => {
  function setup() {
    const printed: unknown[][] = [];
    const lines: string[] = [];
    const target = { error: (...args: unknown[]) => void printed.push(args) };
    const restore = guardFrameworkErrorLogs(createLogger({ write: (l) => lines.push(l) }), target);
    return { target, printed, lines, restore };
  }

  it("replaces body-parser's error (which carries the raw body) with one structured line", () => {
    const { target, printed, lines } = setup();
    const error = Object.assign(
      new SyntaxError(`Unexpected token 'p', "…pw-123", prod}" is not valid JSON`),
      {
        type: "entity.parse.failed",
        status: 400,
        body: '{"password": "pw-123", prod}',
      },
    );
    target.error(error);
    expect(printed).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("pw-123");
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      severity: "WARNING",
      errorType: "entity.parse.failed",
      status: 400,
    });
  });

  it("passes every other call through, and restores the original", () => {
    const { target, printed, lines, restore } = setup();
    target.error("Uncaught exception");
    target.error(new Error("plain"));
    restore();
    target.error("after");
    expect(printed.map((args) => String(args[0]))).toEqual([
      "Uncaught exception",
      "Error: plain",
      "after",
    ]);
    expect(lines).toEqual([]);
  });
});
