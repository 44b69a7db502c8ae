import type { Environment, SecretSource } from "@jsm-odoo/function-runtime";
import { MIN_PASSWORD_BITS } from "@jsm-odoo/token-function";
import { accessPasswordProblem, readAccessPasswords } from "../access-password.ts";
import { type Check, fail, pass } from "../checklist.ts";

export interface OdooSecrets {
  server: string;
  db: string;
  user: string;
  pass: string;
}

/**
 * Reads the secrets an environment runs on (its access password, `access_password_<env>` or
 * the shared `access_password` as the token function reads it, and its four Odoo secrets,
 * latest versions) through the functions' own secret source. Each check says only whether the
 * secret could be read: values are kept for the Odoo checks and never shown.
 */
export async function readSecrets(
  source: SecretSource,
  environment: Environment,
  timeoutMs: number,
): Promise<{ checks: Check[]; odoo: OdooSecrets | undefined }> {
  const names = {
    server: `odoo_${environment}_server`,
    db: `odoo_${environment}_db`,
    user: `odoo_${environment}_user`,
    pass: `odoo_${environment}_pass`,
  } as const;
  const read = async (name: string): Promise<{ check: Check; value?: string }> => {
    try {
      const value = await source.get(name, AbortSignal.timeout(timeoutMs));
      return { check: pass(`secret ${name} is readable`), value };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      // function-runtime's messages name the secret and the fix, never the value.
      const detail =
        typeof code === "string" && error instanceof Error ? error.message : "could not be read";
      return { check: fail(`secret ${name} is readable`, detail) };
    }
  };
  const [access, server, db, user, pass_] = await Promise.all([
    accessChecks(source, environment, timeoutMs),
    read(names.server),
    read(names.db),
    read(names.user),
    read(names.pass),
  ]);
  const checks = [...access, ...[server, db, user, pass_].map((result) => result.check)];
  const odoo =
    server.value && db.value && user.value && pass_.value
      ? { server: server.value, db: db.value, user: user.value, pass: pass_.value }
      : undefined;
  return { checks, odoo };
}

/** Whether the environment's access password can be read, and whether the token function takes it. */
async function accessChecks(
  source: SecretSource,
  environment: Environment,
  timeoutMs: number,
): Promise<Check[]> {
  try {
    const set = await readAccessPasswords(source, environment, timeoutMs);
    if (set.kind === "none") return [];
    // The token function's own rule: it answers 503 to everyone while the password is weaker.
    return [
      pass(`secret ${set.secretName} is readable`),
      set.kind === "weak"
        ? fail("access password is strong enough", set.weakness)
        : pass("access password is strong enough", `at least ${MIN_PASSWORD_BITS} bits`),
    ];
  } catch (error) {
    return [
      fail(
        `secret access_password_${environment} or access_password is readable`,
        accessPasswordProblem(error, environment),
      ),
    ];
  }
}
