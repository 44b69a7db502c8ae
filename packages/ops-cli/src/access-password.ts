import {
  cachedSecrets,
  createLogger,
  type Environment,
  type SecretSource,
} from "@jsm-odoo/function-runtime";
import {
  type AccessPasswordSet,
  absenceAsValue,
  createAccessPasswords,
} from "@jsm-odoo/token-function";

/**
 * The access password(s) an environment's token requests are checked against, read exactly as
 * the token function reads them: `access_password_<env>` when it has an enabled version, else
 * the shared `access_password`; two lines during a rotation (the new one first).
 */
export function readAccessPasswords(
  source: SecretSource,
  environment: Environment,
  timeoutMs: number,
): Promise<AccessPasswordSet> {
  const bounded: SecretSource = { get: (name) => source.get(name, AbortSignal.timeout(timeoutMs)) };
  const secrets = cachedSecrets(absenceAsValue(bounded), {
    ttlMs: 0,
    // One read per run: nothing to refresh, nothing to log.
    logger: createLogger({ write: () => {} }),
  });
  return createAccessPasswords(secrets).read(environment);
}

/** Why the access password could not be read, with where to put one (never a value). */
export function accessPasswordProblem(error: unknown, environment: Environment): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "SECRET_NOT_FOUND") {
    return `neither access_password_${environment} nor access_password has an enabled version (locally: ACCESS_PASSWORD_${environment.toUpperCase()} or ACCESS_PASSWORD)`;
  }
  return typeof code === "string" && error instanceof Error ? error.message : "could not be read";
}
