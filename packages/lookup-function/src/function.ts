import {
  cachedSecrets,
  createLogger,
  type Logger,
  type SecretSource,
  secretSourceFromEnv,
} from "@jsm-odoo/function-runtime";
import { createOdooClient, type OdooClient, type OdooClientOptions } from "@jsm-odoo/odoo-client";
import { parseLookupConfig } from "./config.ts";
import { createLookupHandler, type LookupHandler } from "./handler.ts";
import { createOdooConnection } from "./odoo-connection.ts";
import { sendLookupError } from "./responses.ts";
import { createTokenVerifier } from "./token.ts";

export interface LookupFunctionOptions {
  /** Default: a logger writing JSON lines to stdout. */
  logger?: Logger;
  /** Default: from `SECRETS_SOURCE` (see function-runtime), cached for `SECRET_TTL_MS`. */
  secrets?: SecretSource;
  /**
   * Passed to the Secret Manager client with `SECRETS_SOURCE=secret-manager`; tests point it at
   * a local server speaking the REST API.
   */
  secretManagerClientOptions?: object;
  /** Default: `createOdooClient`, with the protocol from `ODOO_PROTOCOL` (default `auto`). */
  createClient?: (options: OdooClientOptions) => OdooClient;
  /** Milliseconds since the epoch, for token expiry; tests freeze it. */
  now?: () => number;
}

/**
 * Builds the `lookup` handler from an environment, once per instance. A configuration problem
 * does not crash the instance: it is logged once, clearly, and every request answers 503, so the
 * reason is one log query away instead of a crash loop.
 */
export function createLookupFunction(
  env: Record<string, string | undefined>,
  options: LookupFunctionOptions = {},
): LookupHandler {
  const logger = options.logger ?? createLogger();
  try {
    const config = parseLookupConfig(env);
    const source =
      options.secrets ??
      secretSourceFromEnv(
        env,
        options.secretManagerClientOptions
          ? { clientOptions: options.secretManagerClientOptions }
          : {},
      );
    const secrets = cachedSecrets(source, {
      ttlMs: config.secretTtlMs,
      logger,
    });
    const odoo = createOdooConnection({
      environment: config.environment,
      secrets,
      logger,
      extraFields: config.extraFields,
      protocol: config.odooProtocol,
      maxConcurrentRequests: config.odooMaxConcurrentRequests,
      createClient: options.createClient ?? createOdooClient,
    });
    const verifier = createTokenVerifier(config, options.now ? { now: options.now } : {});
    logger.info("lookup function ready", {
      environment: config.environment,
      tokenVerification: config.token.mode,
      audience: config.expectedAudience,
      deadlineMs: config.deadlineMs,
      odooProtocol: config.odooProtocol,
      odooMaxConcurrentRequests: config.odooMaxConcurrentRequests,
      extraFields: config.extraFields?.map((field) => field.key) ?? [],
    });
    return createLookupHandler({
      config,
      logger,
      verifier,
      odoo,
      project: env.GOOGLE_CLOUD_PROJECT?.trim() || undefined,
    });
  } catch (error) {
    logger.error("lookup function is not configured; every request answers 503", { error });
    return async (_req, res) => {
      sendLookupError(res, "CONFIG_INVALID");
    };
  }
}
