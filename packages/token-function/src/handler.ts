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
import { clientAddress } from "./client-address.ts";
import type { TokenConfig } from "./config.ts";
import { FAILURE_CEILING_ALERT } from "./deployment.ts";
import { createFailureBudget } from "./failure-budget.ts";
import { createFingerprinter, createPasswordMatcher } from "./password.ts";
import { MAX_BODY_BYTES, refuse, sendToken } from "./responses.ts";
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
 * that callers without the password learn nothing about what is served. Never throws: the
 * Functions Framework's crash path would answer with the error's message.
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
    if (req.method !== "POST") {
      return refuse(res, contract, "METHOD_NOT_ALLOWED", { headers: { Allow: "POST" } });
    }
    if (bodySize(req) > MAX_BODY_BYTES) return refuse(res, contract, "BODY_TOO_LARGE");

    const client = clientAddress(req);
    const throttle = () => {
      const retryAfter = budget.retryAfterSeconds(client);
      if (retryAfter <= 0) return false;
      log.warn("token request throttled", {
        outcome: "throttled",
        client,
        retryAfterSeconds: retryAfter,
      });
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
    const served = environment && config.environments[environment] ? environment : undefined;
    const decision = { environment: environment ?? "(unknown)", client };

    let set: AccessPasswordSet;
    try {
      set = await passwords.read(served);
    } catch (error) {
      log.error("cannot read the access password", { outcome: "unavailable", error });
      return refuse(res, contract, "SERVICE_UNAVAILABLE");
    }
    if (set.kind === "weak") {
      const id = fingerprint(set.value);
      if (!reportedWeak.has(id)) {
        reportedWeak.add(id);
        log.error(`refusing to serve tokens: ${set.weakness}`, { secretName: set.secretName });
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
        return refuse(res, contract, "UNAUTHORIZED");
      }
    }

    if (!served) {
      log.info("token request rejected", { outcome: "rejected", reason: "unknown-environment" });
      return refuse(res, contract, "UNKNOWN_ENVIRONMENT", {
        message: `Unknown environment. Use one of: ${servedEnvironments(config).join(", ")}.`,
      });
    }

    let minted: Awaited<ReturnType<TokenMinter["tokenFor"]>>;
    try {
      minted = await minter.tokenFor(served);
    } catch (error) {
      log.error("token minting failed", { outcome: "unavailable", environment: served, error });
      return refuse(res, contract, "TOKEN_UNAVAILABLE");
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
      log.error("unexpected failure", { error });
      refuse(res, detectContract(req), "INTERNAL");
    }
  };
}

function servedEnvironments(config: TokenConfig): Environment[] {
  return Object.keys(config.environments) as Environment[];
}
