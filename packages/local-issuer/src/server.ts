import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { JWK } from "jose";
import { idTokenClaims } from "./claims.ts";
import { createSigningKey, type SigningKey, signWithKey } from "./signing-key.ts";

export interface LocalIssuerOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default `127.0.0.1`: never listen beyond loopback by accident. */
  host?: string;
  /** `exp - iat` of minted tokens. Default 3600, like Google's ID tokens. */
  tokenLifetimeSeconds?: number;
  /** Service-account emails allowed to get tokens; others get 403 like IAM. Default: any. */
  allowedAccounts?: readonly string[];
  /** Clock for `iat`/`exp`, in ms. Default `Date.now`. */
  now?: () => number;
}

export interface MintRequest {
  email: string;
  audience: string;
  includeEmail: boolean;
}

export interface RunningLocalIssuer {
  /** Base URL, e.g. `http://127.0.0.1:PORT`: use it as the IAM Credentials endpoint. */
  url: string;
  port: number;
  /** The `iss` of every token (equals `url`). */
  issuer: string;
  /** `{url}/oauth2/v3/certs`, the JWKS verifying the tokens. */
  jwksUrl: string;
  /** The published public key. */
  publicJwk: JWK;
  /** Every successful `generateIdToken` so far (lets tests see caching). */
  mintRequests(): readonly MintRequest[];
  /** Answer the next `generateIdToken` calls with this HTTP status until cleared with undefined. */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

/** Request bodies are a few dozen bytes; anything bigger is refused before parsing. */
const MAX_BODY_BYTES = 64 * 1024;
const GENERATE_ID_TOKEN = /^\/v1\/projects\/[^/]+\/serviceAccounts\/([^/]+):generateIdToken$/;
const EMAIL = /^[^@\s/]+@[^@\s/]+$/;
const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "INVALID_ARGUMENT",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

/** Private keys of running issuers, for `signTestToken` (kept off the public object). */
export const issuerKeys = new WeakMap<RunningLocalIssuer, SigningKey>();

/**
 * A local stand-in for IAM Credentials `generateIdToken` and Google's JWKS endpoint, for dev and
 * tests only: the token function asks it for tokens the way it asks Google, and the lookup
 * function verifies them against its JWKS.
 * https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateIdToken
 */
export async function startLocalIssuer(
  options: LocalIssuerOptions = {},
): Promise<RunningLocalIssuer> {
  const { port = 0, host = "127.0.0.1", tokenLifetimeSeconds = 3600, now = Date.now } = options;
  const allowed = options.allowedAccounts?.map((email) => email.toLowerCase());
  const key = await createSigningKey();
  const minted: MintRequest[] = [];
  let failure: number | undefined;
  let issuer = "";

  const generateIdToken = async (req: IncomingMessage, res: ServerResponse, rawEmail: string) => {
    const email = safeDecode(rawEmail);
    if (!email || !EMAIL.test(email)) return googleError(res, 400, "Invalid service account name.");
    if (failure !== undefined) return googleError(res, failure, "Injected failure.");
    if (allowed && !allowed.includes(email.toLowerCase())) {
      return googleError(
        res,
        403,
        "Permission 'iam.serviceAccounts.getOpenIdToken' denied on resource (or it may not exist).",
      );
    }
    const body = await readJson(req);
    if (body === "too-large") return googleError(res, 413, "Request body too large.");
    const audience = (body as { audience?: unknown } | undefined)?.audience;
    const includeEmail = (body as { includeEmail?: unknown } | undefined)?.includeEmail === true;
    if (typeof audience !== "string" || audience === "") {
      return googleError(res, 400, "Request contains an invalid argument: audience is required.");
    }
    const claims = idTokenClaims({
      issuer,
      email,
      audience,
      includeEmail,
      nowSeconds: Math.floor(now() / 1000),
      lifetimeSeconds: tokenLifetimeSeconds,
    });
    const token = await signWithKey(key, claims);
    minted.push({ email, audience, includeEmail });
    sendJson(res, 200, { token });
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    const mint = GENERATE_ID_TOKEN.exec(path);
    if (mint?.[1]) {
      if (req.method !== "POST") return googleError(res, 405, "Method not allowed.", "POST");
      generateIdToken(req, res, mint[1]).catch(() => googleError(res, 500, "Internal error."));
      return;
    }
    if (path === "/oauth2/v3/certs" || path === "/.well-known/openid-configuration") {
      if (req.method !== "GET") return googleError(res, 405, "Method not allowed.", "GET");
      return path === "/oauth2/v3/certs"
        ? sendJson(res, 200, { keys: [key.publicJwk] }, { "Cache-Control": "public, max-age=300" })
        : sendJson(res, 200, {
            issuer,
            jwks_uri: `${issuer}/oauth2/v3/certs`,
            id_token_signing_alg_values_supported: [key.publicJwk.alg],
          });
    }
    googleError(res, 404, "Not found.");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  issuer = `http://${urlHost}:${address.port}`;

  const running: RunningLocalIssuer = {
    url: issuer,
    port: address.port,
    issuer,
    jwksUrl: `${issuer}/oauth2/v3/certs`,
    publicJwk: key.publicJwk,
    mintRequests: () => [...minted],
    failWith: (status) => {
      failure = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  issuerKeys.set(running, key);
  return running;
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Reads a JSON body; past the limit it keeps draining (so the 413 reaches the caller) but stores nothing. */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) return resolve("too-large");
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"));
      } catch {
        resolve(undefined);
      }
    });
  });
}

/** Google APIs' error body: `{"error": {"code", "message", "status"}}`. */
function googleError(res: ServerResponse, code: number, message: string, allow?: string): void {
  const status = STATUS_NAMES[code] ?? "UNKNOWN";
  sendJson(res, code, { error: { code, message, status } }, allow ? { Allow: allow } : {});
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
