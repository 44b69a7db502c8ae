/** One HTTP exchange of the smoke test, timed, with the body parsed as its type says. */
export interface Exchange {
  status: number;
  contentType: string;
  /** Parsed JSON for application/json, text otherwise; undefined when unreadable. */
  body: unknown;
  ms: number;
}

export async function send(
  url: string,
  init: { headers: Record<string, string>; body?: string },
  timeoutMs: number,
  fetchImpl: typeof fetch = fetch,
): Promise<Exchange> {
  const started = performance.now();
  const response = await fetchImpl(url, {
    method: "POST",
    headers: init.headers,
    body: init.body,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const contentType = response.headers.get("content-type") ?? "";
  const text = await response.text();
  let body: unknown = text;
  if (contentType.toLowerCase().includes("json")) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return {
    status: response.status,
    contentType,
    body,
    ms: Math.round(performance.now() - started),
  };
}

/** What a failed exchange may show: status and our error code, never a body that could hold a token. */
export function summarize(exchange: Exchange): string {
  const body = exchange.body as { error?: { code?: unknown }; message?: unknown } | undefined;
  const code = typeof body?.error?.code === "string" ? ` ${body.error.code}` : "";
  const message = typeof body?.message === "string" ? ` "${body.message.slice(0, 80)}"` : "";
  return `HTTP ${exchange.status}${code}${message} in ${exchange.ms} ms`;
}
