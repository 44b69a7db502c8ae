/**
 * One autocannon run against one URL, summarised as the figures the load report prints. Every
 * response body is handed to a `check` that says whether it is the right answer for its status,
 * so that a run counts wrong answers, not only wrong statuses.
 */
import autocannon from "autocannon";

/** What a response must look like; returns a short problem, or undefined when it is right. */
export type ResponseCheck = (
  status: number,
  body: string,
  headers: Record<string, string>,
) => string | undefined;

export interface CannonOptions {
  url: string;
  /** Concurrent connections, each sending its next request when the previous one is answered. */
  connections: number;
  /** Requests in all. */
  requests: number;
  headers: Record<string, string>;
  body: string;
  check: ResponseCheck;
  /**
   * Seconds a client waits for an answer before counting a timeout. Above the function's own
   * deadline, so that what is measured is the function's answer, never the load tool giving up.
   */
  timeoutSeconds?: number;
}

export interface Latency {
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  mean: number;
}

export interface CannonFigures {
  connections: number;
  /** Responses received. */
  requests: number;
  /** Responses by status, e.g. {"200": 598, "429": 2}. */
  statuses: Record<string, number>;
  /** Connection errors (refused, reset) and timeouts, as autocannon counts them. */
  errors: number;
  timeouts: number;
  /** Responses whose body (or headers) `check` found wrong, and up to 3 of the problems. */
  wrongBodies: number;
  problems: string[];
  /** Milliseconds, over every response. */
  latencyMs: Latency;
  durationSeconds: number;
  /** Responses per second, averaged over the run. */
  requestsPerSecond: number;
}

export async function runCannon(options: CannonOptions): Promise<CannonFigures> {
  let wrongBodies = 0;
  const problems: string[] = [];
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    amount: options.requests,
    timeout: options.timeoutSeconds ?? 30,
    requests: [
      {
        method: "POST",
        headers: options.headers,
        body: options.body,
        onResponse(status, body, _context, headers) {
          const problem = options.check(status, body, lowerCase(headers));
          if (problem === undefined) return;
          wrongBodies += 1;
          if (problems.length < 3 && !problems.includes(problem)) problems.push(problem);
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[status] = count ?? 0;
  }
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    connections: options.connections,
    requests: answered,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    wrongBodies,
    problems,
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.mean),
    },
    durationSeconds: round(result.duration),
    requestsPerSecond: round(answered / Math.max(result.duration, 0.001)),
  };
}

function lowerCase(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

const round = (value: number) => Math.round(value * 100) / 100;
