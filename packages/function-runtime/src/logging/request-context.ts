import { randomUUID } from "node:crypto";

export interface RequestLogContext {
  /** Ours: a random UUID per request, the field to group a request's entries by. */
  requestId: string;
  /** The caller's own id (`function-execution-id` or `x-request-id`), when plain: for reference only. */
  callerRequestId?: string;
  "logging.googleapis.com/trace"?: string;
  "logging.googleapis.com/spanId"?: string;
}

type Headers = Record<string, string | string[] | undefined>;

// W3C Trace Context: version-traceid-parentid-flags (https://www.w3.org/TR/trace-context/).
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
// Google's legacy header: TRACE_ID/SPAN_ID;o=OPTIONS, span id in decimal.
const CLOUD_TRACE = /^([0-9a-f]{32})(?:\/(\d{1,20}))?(?:;o=\d+)?$/i;
// A request id taken from a header must be short and plain; anything else gets a random one.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The fields that tie a log entry to its request: `requestId`, a random UUID of ours (a header
 * would let any caller give its entries another request's id and mix them into its story), the
 * caller's own id as `callerRequestId` when it sent a plain one (`function-execution-id`, else
 * `x-request-id`), and, when the project is known, the trace (`projects/P/traces/T`) from
 * `traceparent` or `X-Cloud-Trace-Context` so that Cloud Logging shows the entries under the
 * platform's request log (https://cloud.google.com/trace/docs/trace-log-integration).
 */
export function requestLogContext(req: { headers: Headers }, project?: string): RequestLogContext {
  const callerRequestId = [
    header(req.headers, "function-execution-id"),
    header(req.headers, "x-request-id"),
  ].find((value) => value !== undefined && REQUEST_ID.test(value));
  const context: RequestLogContext = {
    requestId: randomUUID(),
    ...(callerRequestId === undefined ? {} : { callerRequestId }),
  };
  const trace = parseTrace(req.headers);
  if (trace && project) {
    context["logging.googleapis.com/trace"] = `projects/${project}/traces/${trace.traceId}`;
    if (trace.spanId) context["logging.googleapis.com/spanId"] = trace.spanId;
  }
  return context;
}

function parseTrace(headers: Headers): { traceId: string; spanId?: string } | undefined {
  const traceparent = TRACEPARENT.exec(header(headers, "traceparent")?.trim() ?? "");
  if (traceparent?.[1] && !/^0+$/.test(traceparent[1])) {
    return { traceId: traceparent[1], spanId: traceparent[2] };
  }
  const cloud = CLOUD_TRACE.exec(header(headers, "x-cloud-trace-context")?.trim() ?? "");
  if (cloud?.[1]) {
    const traceId = cloud[1].toLowerCase();
    const decimal = cloud[2] ? BigInt(cloud[2]) : 0n;
    // Cloud Logging wants the span id as 16 hex digits.
    const spanId =
      decimal > 0n && decimal < 2n ** 64n ? decimal.toString(16).padStart(16, "0") : undefined;
    return spanId ? { traceId, spanId } : { traceId };
  }
  return undefined;
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
