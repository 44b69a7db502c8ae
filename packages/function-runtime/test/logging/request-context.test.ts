import { describe, expect, it } from "vitest";
import { requestLogContext } from "../../src/index.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("requestLogContext", () => {
  it.each([
    {
      name: "traceparent",
      headers: { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` },
      trace: `projects/demo/traces/${TRACE}`,
      spanId: "00f067aa0ba902b7",
    },
    {
      name: "X-Cloud-Trace-Context with a decimal span id",
      headers: { "x-cloud-trace-context": `${TRACE.toUpperCase()}/1;o=1` },
      trace: `projects/demo/traces/${TRACE}`,
      spanId: "0000000000000001",
    },
    {
      name: "X-Cloud-Trace-Context without span",
      headers: { "x-cloud-trace-context": TRACE },
      trace: `projects/demo/traces/${TRACE}`,
      spanId: undefined,
    },
    {
      name: "an all-zero traceparent",
      headers: { traceparent: `00-${"0".repeat(32)}-00f067aa0ba902b7-01` },
      trace: undefined,
      spanId: undefined,
    },
    {
      name: "a malformed header",
      headers: { traceparent: "00-xyz\n-01", "x-cloud-trace-context": "nope" },
      trace: undefined,
      spanId: undefined,
    },
  ])("reads the trace from $name", ({ headers, trace, spanId }) => {
    const context = requestLogContext({ headers }, "demo");
    expect(context["logging.googleapis.com/trace"]).toBe(trace);
    expect(context["logging.googleapis.com/spanId"]).toBe(spanId);
  });

  it("leaves the trace out when the project is unknown", () => {
    const context = requestLogContext({
      headers: { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` },
    });
    expect(context).not.toHaveProperty("logging.googleapis.com/trace");
  });

  it.each([
    {
      headers: { "function-execution-id": "abc123", "x-request-id": "other" },
      callerRequestId: "abc123",
    },
    { headers: { "x-request-id": "req-7" }, callerRequestId: "req-7" },
  ])(
    "keeps the caller's id $callerRequestId apart and groups by a random id of its own",
    ({ headers, callerRequestId }) => {
      const first = requestLogContext({ headers });
      const second = requestLogContext({ headers });
      expect(first.callerRequestId).toBe(callerRequestId);
      expect(first.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.requestId).not.toBe(first.requestId);
    },
  );

  it("drops an unsafe caller id and always has a random request id", () => {
    const unsafe = requestLogContext({ headers: { "x-request-id": "a\nb" } });
    const missing = requestLogContext({ headers: {} });
    expect(unsafe).not.toHaveProperty("callerRequestId");
    expect(missing).not.toHaveProperty("callerRequestId");
    expect(unsafe.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsafe.requestId).not.toBe(missing.requestId);
  });
});
