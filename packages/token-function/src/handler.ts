import type { IncomingMessage, ServerResponse } from "node:http";
import {
  bodySize,
  type Environment,
  type Logger,
  parseEnvironment,
  requestLogContext,
  type SecretSource,
} from "@jsm-odoo/function-runtime";
import type { TokenConfig } from "./config.ts";
import { ACCESS_PASSWORD_SECRET } from "./deployment.ts";
import { createFailureBudget } from "./failure-budget.ts";
import { createFingerprinter, createPasswordMatcher, passwordWeakness } from "./password.ts";
import { MAX_BODY_BYTES, refuse, sendToken } from "./responses.ts";
import type { TokenMinter } from "./token-minter.ts";
import { detectContract, readTokenRequest } from "./token-request.ts";

export type TokenHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface TokenHandlerDeps {
  config: TokenConfig;
  /** Where `access_password` is read (wrap it in `cachedSecrets`). */
  secrets: SecretSource;
  minter: TokenMinter;
  logger: Logger;
  now?: () => number;
}

/**
 * The token function's request path: method, size, failure budget, password, environment,
 * token, in that order. Authentication comes before the environment is judged, so that callers
 * without the password learn nothing about what is served. Never throws: the Functions
 * Framework's crash path would answer with the error's message.
 */
export function createTokenHandler(deps: TokenHandlerDeps): TokenHandler {
  const { config, secrets, minter, logger, now = Date.now } = deps;
  const budget = createFailureBudget(config.failuresPerHour, now);
  const matches = createPasswordMatcher();
  const fingerprint = createFingerprinter();
  const reportedWeak = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse, log: Logger) => {
    const contract = detectContract(req);
    if (req.method !== "POST") {
      return refuse(res, contract, "METHOD_NOT_ALLOWED", { headers: { Allow: "POST" } });
    }
    if (bodySize(req) > MAX_BODY_BYTES) return refuse(res, contract, "BODY_TOO_LARGE");

    const throttle = () => {
      const retryAfter = budget.retryAfterSeconds();
      if (retryAfter <= 0) return false;
      log.warn("token request throttled", { outcome: "throttled", retryAfterSeconds: retryAfter });
      refuse(res, contract, "TOO_MANY_FAILURES", {
        headers: { "Retry-After": String(retryAfter) },
      });
      return true;
    };
    // Checked first so that a spent budget costs nothing (no body, no secret read)...
    if (throttle()) return;

    const request = readTokenRequest(req, contract);
    if (typeof request === "string") {
      log.info("token request malformed", { outcome: "rejected", reason: request });
      return refuse(res, contract, "INVALID_REQUEST");
    }
    const environment = parseEnvironment(request.environment);
    const decision = { environment: environment ?? "(unknown)" };

    let configured: string;
    try {
      configured = await secrets.get(ACCESS_PASSWORD_SECRET);
    } catch (error) {
      log.error("cannot read the access password", { outcome: "unavailable", error });
      return refuse(res, contract, "SERVICE_UNAVAILABLE");
    }
    const weakness = passwordWeakness(configured);
    if (weakness) {
      const id = fingerprint(configured);
      if (!reportedWeak.has(id)) {
        reportedWeak.add(id);
        log.error(`refusing to serve tokens: ${weakness}`, { secretName: ACCESS_PASSWORD_SECRET });
      }
      return refuse(res, contract, "SERVICE_UNAVAILABLE");
    }

    if (!request.password) {
      log.warn("token request denied", {
        outcome: "denied",
        reason: "missing-password",
        ...decision,
      });
      return refuse(res, contract, "UNAUTHORIZED");
    }
    // ...and again after the secret read, the last await before the comparison: guesses that
    // arrived together all passed the first check, and only the budget's worth may be compared.
    if (throttle()) return;
    if (!matches(request.password, configured)) {
      budget.recordFailure();
      const spent = budget.retryAfterSeconds() > 0;
      log.warn("token request denied", {
        outcome: "denied",
        reason: "wrong-password",
        ...decision,
        failuresThisHour: budget.failures(),
      });
      if (spent) {
        log.error("failure budget spent: refusing every token request until failures age out", {
          failuresPerHour: config.failuresPerHour,
        });
      }
      return refuse(res, contract, "UNAUTHORIZED");
    }

    if (!environment || !config.environments[environment]) {
      log.info("token request rejected", { outcome: "rejected", reason: "unknown-environment" });
      return refuse(res, contract, "UNKNOWN_ENVIRONMENT", {
        message: `Unknown environment. Use one of: ${servedEnvironments(config).join(", ")}.`,
      });
    }

    let minted: Awaited<ReturnType<TokenMinter["tokenFor"]>>;
    try {
      minted = await minter.tokenFor(environment);
    } catch (error) {
      log.error("token minting failed", { outcome: "unavailable", environment, error });
      return refuse(res, contract, "TOKEN_UNAVAILABLE");
    }
    log.info("token request granted", { outcome: "granted", environment });
    sendToken(res, contract, {
      token: minted.token,
      expiresIn: Math.max(0, Math.floor(minted.expiresAt - now() / 1000)),
      environment,
    });
  };

  return async (req, res) => {
    const log = logger.child({
      ...requestLogContext(req, config.project),
      contract: detectContract(req),
    });
    try {
      await handle(req, res, log);
    } catch (error) {
      log.error("unexpected failure", { error });
      refuse(res, detectContract(req), "INTERNAL");
    }
  };
}

function servedEnvironments(config: TokenConfig): Environment[] {
  return Object.keys(config.environments) as Environment[];
}
