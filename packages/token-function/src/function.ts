import {
  cachedSecrets,
  createLogger,
  type Logger,
  type SecretSource,
  secretSourceFromEnv,
} from "@jsm-odoo/function-runtime";
import { absenceAsValue } from "./access-passwords.ts";
import { parseTokenConfig } from "./config.ts";
import { TokenError } from "./errors.ts";
import { createTokenHandler, type TokenHandler } from "./handler.ts";
import { sendTokenError } from "./responses.ts";
import { createTokenMinter } from "./token-minter.ts";
import { detectContract } from "./token-request.ts";

export interface TokenFunctionOptions {
  /** Receives each log line (tests capture them). Default: stdout. */
  write?: (line: string) => void;
  /** For `generateIdToken` calls. Default: global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
  /** Replaces the secret source chosen by `SECRETS_SOURCE` (still cached with the TTL). */
  secrets?: SecretSource;
  /** Access tokens for IAM Credentials; default google-auth-library (iam mode only). */
  accessToken?: () => Promise<string>;
}

/**
 * Builds the token function from its environment, once per instance. A configuration problem
 * does not crash the instance (the platform would restart it in a loop and callers would see a
 * bare 500): it is logged once, listing every problem, and every request gets 503.
 */
export function createTokenFunction(
  env: Record<string, string | undefined>,
  options: TokenFunctionOptions = {},
): TokenHandler {
  const logger = createLogger({ ...(options.write ? { write: options.write } : {}) });
  try {
    const config = parseTokenConfig(env);
    const source = options.secrets ?? secretSourceFromEnv(env);
    const now = options.now ?? Date.now;
    return createTokenHandler({
      config,
      secrets: cachedSecrets(absenceAsValue(source), { ttlMs: config.secretTtlMs, logger, now }),
      minter: createTokenMinter({
        config,
        logger,
        now,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.accessToken ? { accessToken: options.accessToken } : {}),
      }),
      logger,
      now,
    });
  } catch (error) {
    return misconfigured(logger, error);
  }
}

function misconfigured(logger: Logger, error: unknown): TokenHandler {
  const problems =
    error instanceof TokenError && error.problems.length > 0
      ? error.problems
      : [error instanceof Error ? error.message : String(error)];
  logger.error("token function is misconfigured; answering 503 until it is fixed", { problems });
  return async (req, res) => {
    sendTokenError(res, detectContract(req), "SERVICE_UNAVAILABLE");
  };
}
