/**
 * One normal request to a function under test, measured: what a JSM rule would send (a lookup
 * of the demo kit serial with a fresh bearer token, or a prod token request in our contract).
 */
import { DEMO } from "@jsm-odoo/odoo-emulator";
import type { Stack } from "../stack.ts";
import type { FunctionName } from "./scenario.ts";

export interface Answer {
  status: number;
  contentType: string;
  /** The parsed JSON body, or undefined when the body was not JSON. */
  json: unknown;
  text: string;
  ms: number;
  /** The bearer token sent (lookup) or received (token): it must not reach a log either. */
  token?: string;
}

/** The documented body: lookup `{message, error: {code, message}}`, token `{error: {...}}`. */
export function readShape(
  fn: FunctionName,
  answer: Answer,
): { shaped: boolean; code: string | null } {
  const body = answer.json as Record<string, unknown> | undefined;
  if (typeof body !== "object" || body === null) return { shaped: false, code: null };
  const error = body.error as { code?: unknown; message?: unknown } | undefined;
  if (answer.status === 200) {
    const shaped = fn === "lookup" ? Array.isArray(body.results) : typeof body.token === "string";
    return { shaped, code: null };
  }
  const shaped =
    typeof error?.code === "string" &&
    typeof error.message === "string" &&
    (fn === "token" || typeof body.message === "string");
  return { shaped, code: typeof error?.code === "string" ? error.code : null };
}

/** One normal request: a lookup for the demo kit serial, or a prod token. */
export async function ask(
  stack: Stack,
  fn: FunctionName,
  url: string,
  timeoutMs = 30_000,
): Promise<Answer> {
  const bearer = fn === "lookup" ? await stack.signToken("prod") : undefined;
  const init: RequestInit =
    fn === "lookup"
      ? {
          method: "POST",
          headers: {
            authorization: `Bearer ${bearer}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ serial_number: DEMO.serials.kit }),
        }
      : {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ password: stack.accessPassword, environment: "prod" }),
        };
  const started = performance.now();
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    // No HTTP answer (the connection dropped, or none within timeoutMs): status 0.
    const ms = Math.round(performance.now() - started);
    return {
      status: 0,
      contentType: "",
      json: undefined,
      text: String(error),
      ms,
      ...(bearer ? { token: bearer } : {}),
    };
  }
  const ms = Math.round(performance.now() - started);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const minted = (json as { token?: unknown } | undefined)?.token;
  const token = bearer ?? (typeof minted === "string" ? minted : undefined);
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    json,
    text,
    ms,
    ...(token ? { token } : {}),
  };
}
