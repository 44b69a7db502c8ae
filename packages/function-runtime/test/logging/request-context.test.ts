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
      requestId: "abc123",
    },
    { headers: { "x-request-id": "req-7" }, requestId: "req-7" },
  ])(
    "takes the request id from the platform header first: $requestId",
    ({ headers, requestId }) => {
      expect(requestLogContext({ headers }).requestId).toBe(requestId);
    },
  );

  it("replaces an unsafe or missing request id with a random one", () => {
    const unsafe = requestLogContext({ headers: { "x-request-id": "a\nb" } }).requestId;
    const missing = requestLogContext({ headers: {} }).requestId;
    expect(unsafe).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsafe).not.toBe(missing);
  });
});
