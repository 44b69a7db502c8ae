import { describe, expect, it } from "vitest";
import { logProblems } from "../src/fuzz/properties.ts";

describe("the log properties of the fuzz run", () => {
  const line = (fields: Record<string, unknown>) =>
    JSON.stringify({ severity: "INFO", message: "x", ...fields });

  it("accept entries grouped by the function's own request id, the caller's kept apart", () => {
    const ours = line({
      requestId: "3b241101-e2bb-4255-8caf-4136c566a962",
      callerRequestId: "req-7",
    });
    expect(logProblems({ stdout: [ours], stderr: [] }, [])).toEqual([]);
  });

  it("flag entries grouped by an id the caller chose", () => {
    expect(logProblems({ stdout: [line({ requestId: "req-7" })], stderr: [] }, [])).toEqual([
      "log line grouped by a request id the caller chose: req-7",
    ]);
  });
});
