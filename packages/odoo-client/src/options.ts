import type { ProtocolChoice } from "./auto-transport.ts";
import type { RpcEvent } from "./stats.ts";
import type { OdooTransport } from "./transport.ts";

export type OdooProtocol = "xmlrpc" | "json2";

/** What can be configured: a wire protocol, or `auto` (JSON-2 on Odoo 19+, else XML-RPC). */
export type OdooProtocolSetting = OdooProtocol | "auto";

export const ODOO_PROTOCOL_SETTINGS: readonly OdooProtocolSetting[] = ["auto", "xmlrpc", "json2"];

/**
 * Requests in flight at once per client: a lookup's widest wave (6 `search_read`s on Odoo 14-16,
 * 2 `web_search_read`s on 17+) never waits, and a big request never takes every Odoo worker.
 */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 6;

export interface OdooClientOptions {
  /** e.g. https://odoo.example.com or http://127.0.0.1:8069 */
  url: string;
  db: string;
  username: string;
  /** Password or API key; never logged, never in errors. */
  password: string;
  /** Per RPC attempt; default 10_000. */
  timeoutMs?: number;
  /** Reads only, transient failures only. Defaults: 3 attempts, 100 ms base, 2_000 ms cap. */
  retry?: {
    maxAttempts?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    maxRetryAfterMs?: number;
  };
  /**
   * Wire protocol when no `transport` is given (default "xmlrpc"). "json2" is Odoo 19+'s
   * `/json/2` API and needs `password` to be an API key (JSON-2 accepts no password). "auto"
   * asks the server (`GET /web/version`) and speaks JSON-2 to Odoo 19 and later, XML-RPC to
   * older ones or when JSON-2 refuses the credential (a password rather than an API key).
   */
  protocol?: OdooProtocolSetting;
  /**
   * Told once per client which protocol it speaks and why (at creation for a fixed protocol,
   * when the server has answered for "auto"), e.g. to log it. Must not throw.
   */
  onProtocolChosen?: (choice: ProtocolChoice) => void;
  /** Default: `protocol`'s transport (XML-RPC through odoo-await). */
  transport?: OdooTransport;
  /** Called after every wire request (each attempt), e.g. to log or meter. Must not throw. */
  onRpc?: (event: RpcEvent) => void;
  /**
   * After Odoo rejects the credentials, further calls fail at once without asking Odoo again
   * for this long (default 60_000): Odoo locks an IP out after ~10 failed logins for ~60 s.
   */
  authFailureHoldMs?: number;
  /** Source of jitter, [0, 1). Default Math.random. */
  random?: () => number;
  /**
   * Requests in flight at once, beyond which calls queue in the client (default 6: one
   * serial's lookup never waits, and a big request never takes every Odoo worker).
   */
  maxConcurrentRequests?: number;
}

export interface ResolvedOptions {
  url: string;
  db: string;
  username: string;
  password: string;
  protocol: OdooProtocolSetting;
  timeoutMs: number;
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number };
  authFailureHoldMs: number;
  random: () => number;
  maxConcurrentRequests: number;
}

/** Validates once, reporting every problem (never the password's value). */
export function resolveOptions(options: OdooClientOptions): ResolvedOptions {
  const problems: string[] = [];
  const text = (name: "db" | "username" | "password") => {
    const value = options[name];
    if (typeof value !== "string" || value.length === 0)
      problems.push(`${name} must be a non-empty string`);
    return typeof value === "string" ? value : "";
  };
  let url = "";
  try {
    const parsed = new URL(options.url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      problems.push(`url must be http(s), got "${parsed.protocol}"`);
    }
    url = parsed.href.replace(/\/$/, "");
  } catch {
    problems.push("url must be an absolute URL such as https://odoo.example.com");
  }
  const number = (name: string, value: number | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
      problems.push(`${name} must be a number >= ${min}`);
      return fallback;
    }
    return value;
  };
  const resolved: ResolvedOptions = {
    url,
    db: text("db"),
    username: text("username"),
    password: text("password"),
    protocol: protocol(options.protocol, problems),
    timeoutMs: number("timeoutMs", options.timeoutMs, 10_000, 1),
    retry: {
      maxAttempts: Math.floor(number("retry.maxAttempts", options.retry?.maxAttempts, 3, 1)),
      baseDelayMs: number("retry.baseDelayMs", options.retry?.baseDelayMs, 100, 0),
      maxDelayMs: number("retry.maxDelayMs", options.retry?.maxDelayMs, 2_000, 0),
      maxRetryAfterMs: number("retry.maxRetryAfterMs", options.retry?.maxRetryAfterMs, 30_000, 0),
    },
    authFailureHoldMs: number("authFailureHoldMs", options.authFailureHoldMs, 60_000, 0),
    random: options.random ?? Math.random,
    maxConcurrentRequests: Math.floor(
      number(
        "maxConcurrentRequests",
        options.maxConcurrentRequests,
        DEFAULT_MAX_CONCURRENT_REQUESTS,
        1,
      ),
    ),
  };
  if (resolved.protocol === "json2" && url !== "" && hasUserInfo(url)) {
    // fetch refuses such URLs, and the Authorization header is the API key's (never echo the URL).
    problems.push(
      "url must not carry credentials (user:password@) with protocol json2: JSON-2 sends the API key in the Authorization header",
    );
  }
  if (problems.length > 0) {
    throw new TypeError(`Invalid Odoo client options: ${problems.join("; ")}`);
  }
  return resolved;
}

function protocol(value: unknown, problems: string[]): OdooProtocolSetting {
  if (value === undefined) return "xmlrpc";
  if (ODOO_PROTOCOL_SETTINGS.includes(value as OdooProtocolSetting)) {
    return value as OdooProtocolSetting;
  }
  problems.push(`protocol must be one of ${ODOO_PROTOCOL_SETTINGS.join(", ")}`);
  return "xmlrpc";
}

/** `https://user:password@host`: credentials for a proxy in front of Odoo. */
export function hasUserInfo(url: string): boolean {
  const parsed = URL.parse(url);
  return parsed !== null && (parsed.username !== "" || parsed.password !== "");
}
