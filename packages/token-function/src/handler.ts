import type { IncomingMessage, ServerResponse } from "node:http";
import {
  bodySize,
  type CachedSecretSource,
  type Environment,
  type Logger,
  parseEnvironment,
  requestLogContext,
} from "@jsm-odoo/function-runtime";
import {
  type AccessPasswordSet,
  createAccessPasswords,
  REREAD_AFTER_MS,
} from "./access-passwords.ts";
import { classifyTokenError } from "./classify.ts";
import { clientAddress } from "./client-address.ts";
import { MAX_BODY_BYTES, type TokenConfig } from "./config.ts";
import { FAILURE_CEILING_ALERT } from "./deployment.ts";
import { TokenError } from "./errors.ts";
import { createFailureBudget } from "./failure-budget.ts";
import { createFingerprinter, createPasswordMatcher } from "./password.ts";
import { sendToken, sendTokenError } from "./responses.ts";
import type { TokenMinter } from "./token-minter.ts";
import { detectContract, readTokenRequest } from "./token-request.ts";

export type TokenHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface TokenHandlerDeps {
  config: TokenConfig;
  /** Where the access passwords are read: `cachedSecrets(absenceAsValue(source))`. */
  secrets: CachedSecretSource;
  minter: TokenMinter;
  logger: Logger;
  now?: () => number;
}

/**
 * The token function's request path: method, size, the caller's failure budget, password,
 * environment, token, in that order. Authentication comes before the environment is judged, so
 * that callers without the password learn nothing about what is served. Each refusal is logged
 * where it is decided, then thrown as a TokenError that `classifyTokenError` maps to its response.
 * Never throws: the Functions Framework's crash path would answer with the error's message.
 */
export function createTokenHandler(deps: TokenHandlerDeps): TokenHandler {
  const { config, minter, logger, now = Date.now } = deps;
  const budget = createFailureBudget({
    perAddress: config.failuresPerHour,
    ceiling: config.failuresPerHour,
    now,
  });
  const passwords = createAccessPasswords(deps.secrets);
  const matches = createPasswordMatcher();
  const fingerprint = createFingerprinter();
  const reportedWeak = new Set<string>();
  const accepted = (set: AccessPasswordSet) => (set.kind === "passwords" ? set.passwords : []);

  const handle = async (req: IncomingMessage, res: ServerResponse, log: Logger) => {
    const contract = detectContract(req);
    if (req.method !== "POST") throw new TokenError("METHOD_NOT_ALLOWED", `method ${req.method}`);
    const size = bodySize(req);
    if (size > MAX_BODY_BYTES) throw new TokenError("BODY_TOO_LARGE", `body of ${size} bytes`);

    const client = clientAddress(req);
    const throttle = () => {
      const retryAfter = budget.retryAfterSeconds(client);
      if (retryAfter <= 0) return;
      log.warn("token request throttled", {
        outcome: "throttled",
        client,
        retryAfterSeconds: retryAfter,
      });
      throw new TokenError("TOO_MANY_FAILURES", "failure budget spent", {
        headers: { "Retry-After": String(retryAfter) },
      });
    };
    // Checked first so that a spent budget costs nothing (no body, no secret read)...
    throttle();

    const request = readTokenRequest(req, contract);
    if (typeof request === "string") {
      log.info("token request malformed", { outcome: "rejected", reason: request });
      throw new TokenError("INVALID_REQUEST", request);
    }
    const environment = parseEnvironment(request.environment);
    const served = environment && config.environments[environment] ? environment : undefined;
    const decision = { environment: environment ?? "(unknown)", client };

    let set: AccessPasswordSet;
    try {
      set = await passwords.read(served);
    } catch (error) {
      log.error("cannot read the access password", { outcome: "unavailable", error });
      throw new TokenError("SERVICE_UNAVAILABLE", "access password unreadable", { cause: error });
    }
    if (set.kind === "weak") {
      const id = fingerprint(set.value);
      if (!reportedWeak.has(id)) {
        reportedWeak.add(id);
        log.error(`refusing to serve tokens: ${set.weakness}`, { secretName: set.secretName });
      }
      throw new TokenError("SERVICE_UNAVAILABLE", "access password too weak to serve");
    }

    if (!request.password) {
      log.warn("token request denied", {
        outcome: "denied",
        reason: "missing-password",
        ...decision,
      });
      throw new TokenError("UNAUTHORIZED", "missing password");
    }
    // ...and again after the secret read, the last await before the comparison: guesses that
    // arrived together all passed the first check, and only the budget's worth may be compared.
    throttle();
    if (!matches(request.password, accepted(set))) {
      // Counted before the re-read below (an await), so guesses arriving meanwhile see it.
      const { ceilingReached } = budget.recordFailure(client);
      if (await matchesRotated(request.password, served, set)) {
        budget.forgive(client);
      } else {
        log.warn("token request denied", {
          outcome: "denied",
          reason: "wrong-password",
          ...decision,
          failuresThisHour: budget.failures(client),
        });
        if (budget.retryAfterSeconds(client) > 0) {
          log.warn(
            "failure budget of an address spent: refusing its token requests until failures age out",
            {
              client,
              failuresPerHour: config.failuresPerHour,
            },
          );
        }
        if (ceilingReached) {
          log.error("failure ceiling reached: wrong passwords from many addresses", {
            alert: FAILURE_CEILING_ALERT,
            failuresThisHour: budget.totalFailures(),
            ceilingPerHour: config.failuresPerHour,
            trackedAddresses: budget.trackedAddresses(),
          });
        }
        throw new TokenError("UNAUTHORIZED", "wrong password");
      }
    }

    if (!served) {
      log.info("token request rejected", { outcome: "rejected", reason: "unknown-environment" });
      throw new TokenError(
        "UNKNOWN_ENVIRONMENT",
        `Unknown environment. Use one of: ${servedEnvironments(config).join(", ")}.`,
        { callerMessage: true },
      );
    }

    let minted: Awaited<ReturnType<TokenMinter["tokenFor"]>>;
    try {
      minted = await minter.tokenFor(served);
    } catch (error) {
      log.error("token minting failed", { outcome: "unavailable", environment: served, error });
      throw new TokenError("TOKEN_UNAVAILABLE", "token minting failed", { cause: error });
    }
    log.info("token request granted", { outcome: "granted", environment: served });
    sendToken(res, contract, {
      token: minted.token,
      expiresIn: Math.max(0, Math.floor(minted.expiresAt - now() / 1000)),
      environment: served,
    });
  };

  /**
   * A rotated password works at once on every instance: when the cached secret value was read
   * more than REREAD_AFTER_MS ago, it is read again (one shared, bounded read; see getFresh) and
   * the password compared with the new value. A read that fails changes nothing.
   */
  const matchesRotated = async (
    presented: string,
    environment: Environment | undefined,
    before: AccessPasswordSet,
  ): Promise<boolean> => {
    const fresh = await passwords.read(environment, REREAD_AFTER_MS).catch(() => undefined);
    if (fresh?.kind !== "passwords" || (before.kind !== "none" && fresh.value === before.value)) {
      return false;
    }
    return matches(presented, fresh.passwords);
  };

  return async (req, res) => {
    const log = logger.child({
      ...requestLogContext(req, config.project),
      contract: detectContract(req),
    });
    try {
      await handle(req, res, log);
    } catch (error) {
      const { code, detail, headers } = classifyTokenError(error);
      if (code === "INTERNAL") log.error("unexpected failure", { error });
      sendTokenError(res, detectContract(req), code, {
        ...(detail === undefined ? {} : { detail }),
        ...(headers === undefined ? {} : { headers }),
      });
    }
  };
}

function servedEnvironments(config: TokenConfig): Environment[] {
  return Object.keys(config.environments) as Environment[];
}
