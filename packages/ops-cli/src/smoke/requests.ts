import type { ObservedResponse } from "./contract.ts";

/** One HTTP exchange of the smoke test: what the client saw, timed, JSON bodies parsed. */
export interface SmokeExchange extends ObservedResponse {
  /** Parsed JSON for a JSON media type, else undefined. */
  json: unknown;
  ms: number;
}

export async function timedPost(
  url: string,
  init: { headers: Record<string, string>; body?: string },
  timeoutMs: number,
  fetchImpl: typeof fetch = fetch,
): Promise<SmokeExchange> {
  const started = performance.now();
  const response = await fetchImpl(url, {
    method: "POST",
    headers: init.headers,
    body: init.body,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const headers: Record<string, string | null> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const contentType = response.headers.get("content-type");
  const body = await response.text();
  let json: unknown;
  if (contentType?.toLowerCase().includes("json")) {
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
  }
  return {
    status: response.status,
    contentType,
    headers,
    body,
    json,
    ms: Math.round(performance.now() - started),
  };
}

/** What a failed exchange may show: status and our error code, never a body that could hold a token. */
export function summarize(exchange: SmokeExchange): string {
  const body = exchange.json as { error?: { code?: unknown }; message?: unknown } | undefined;
  const code = typeof body?.error?.code === "string" ? ` ${body.error.code}` : "";
  const message = typeof body?.message === "string" ? ` "${body.message.slice(0, 80)}"` : "";
  return `HTTP ${exchange.status}${code}${message} in ${exchange.ms} ms`;
}
