import type { Environment, Logger } from "@jsm-odoo/function-runtime";
import { decodeJwt } from "jose";
import type { TokenConfig } from "./config.ts";
import { TokenError } from "./errors.ts";

/** A cached token is handed out only while it has at least this long to live. */
export const TOKEN_REFRESH_MARGIN_SECONDS = 300;
/** Per `generateIdToken` call. */
export const MINT_TIMEOUT_MS = 10_000;
const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

export interface MintedToken {
  token: string;
  /** `exp` of the token, in epoch seconds. */
  expiresAt: number;
}

export interface TokenMinter {
  /** A token for the environment: cached until shortly before it expires. */
  tokenFor(environment: Environment, signal?: AbortSignal): Promise<MintedToken>;
}

export interface TokenMinterOptions {
  config: Pick<TokenConfig, "environments" | "tokenMinter" | "iamCredentialsEndpoint">;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
  /** Access tokens for IAM Credentials; default google-auth-library's GoogleAuth (iam mode only). */
  accessToken?: () => Promise<string>;
}

/**
 * Mints each environment's token through IAM Credentials `generateIdToken` (keyless: the
 * function's own identity needs `roles/iam.serviceAccountOpenIdTokenCreator` on the trigger
 * account), or, with `TOKEN_MINTER=local`, the same request to the local issuer without Google
 * credentials.
 * https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateIdToken
 */
export function createTokenMinter(options: TokenMinterOptions): TokenMinter {
  const { config, logger, fetch: fetchImpl = fetch, now = Date.now } = options;
  const accessToken =
    config.tokenMinter === "iam" ? (options.accessToken ?? googleAccessToken()) : undefined;
  const cache = new Map<Environment, MintedToken>();
  const pending = new Map<Environment, Promise<MintedToken>>();

  const mint = async (environment: Environment, signal?: AbortSignal): Promise<MintedToken> => {
    const target = config.environments[environment];
    if (!target) throw new TokenError("MINT_FAILED", `environment ${environment} is not served`);
    const url = `${config.iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${encodeURIComponent(target.triggerAccount)}:generateIdToken`;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (accessToken) headers.authorization = `Bearer ${await accessToken()}`;
    const timeout = AbortSignal.timeout(MINT_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ audience: target.lookupUrl, includeEmail: true }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      throw new TokenError("MINT_FAILED", `generateIdToken for ${environment} did not answer`, {
        cause: error,
      });
    }
    const body = (await response.json().catch(() => undefined)) as
      | { token?: unknown; error?: { status?: unknown } }
      | undefined;
    if (!response.ok || typeof body?.token !== "string") {
      // Google's error status (e.g. PERMISSION_DENIED) is safe to log; the body is not echoed.
      const status = typeof body?.error?.status === "string" ? ` ${body.error.status}` : "";
      throw new TokenError(
        "MINT_FAILED",
        `generateIdToken for ${environment} answered HTTP ${response.status}${status}`,
      );
    }
    let exp: unknown;
    try {
      exp = decodeJwt(body.token).exp;
    } catch (error) {
      throw new TokenError("MINT_FAILED", "generateIdToken answered something that is not a JWT", {
        cause: error,
      });
    }
    if (typeof exp !== "number") {
      throw new TokenError("MINT_FAILED", "generateIdToken answered a token without exp");
    }
    logger.info("minted a token", { environment, expiresAt: exp });
    return { token: body.token, expiresAt: exp };
  };

  return {
    async tokenFor(environment, signal) {
      const cached = cache.get(environment);
      if (cached && cached.expiresAt - now() / 1000 > TOKEN_REFRESH_MARGIN_SECONDS) return cached;
      // Concurrent requests for the same environment share one mint.
      let minting = pending.get(environment);
      if (!minting) {
        minting = mint(environment, signal).finally(() => pending.delete(environment));
        pending.set(environment, minting);
      }
      const minted = await minting;
      cache.set(environment, minted);
      return minted;
    },
  };
}

/** google-auth-library is loaded on first use only: local mode never needs it. */
function googleAccessToken(): () => Promise<string> {
  let auth: Promise<{ getAccessToken(): Promise<string | null | undefined> }> | undefined;
  return async () => {
    auth ??= import("google-auth-library").then(
      ({ GoogleAuth }) => new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] }),
    );
    let token: string | null | undefined;
    try {
      token = await (await auth).getAccessToken();
    } catch (error) {
      auth = undefined; // a failed import or metadata hiccup must not stick
      throw new TokenError("MINT_FAILED", "could not get an access token for IAM Credentials", {
        cause: error,
      });
    }
    if (!token) throw new TokenError("MINT_FAILED", "Google returned no access token");
    return token;
  };
}
