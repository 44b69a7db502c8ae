import type { Environment, SecretSource } from "@jsm-odoo/function-runtime";
import { MIN_PASSWORD_BITS, passwordWeakness } from "@jsm-odoo/token-function";
import { type Check, fail, pass } from "../checklist.ts";

export interface OdooSecrets {
  server: string;
  db: string;
  user: string;
  pass: string;
}

/**
 * Reads the secrets an environment runs on (the shared access password and its four Odoo
 * secrets, latest versions) through the functions' own secret source. Each check says only
 * whether the secret could be read: values are kept for the Odoo checks and never shown.
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
    read("access_password"),
    read(names.server),
    read(names.db),
    read(names.user),
    read(names.pass),
  ]);
  const checks = [access, server, db, user, pass_].map((result) => result.check);
  if (access.value !== undefined) {
    // The token function's own rule: it answers 503 to everyone while the password is weaker.
    const weakness = passwordWeakness(access.value);
    checks.splice(
      1,
      0,
      weakness
        ? fail("access password is strong enough", weakness)
        : pass("access password is strong enough", `at least ${MIN_PASSWORD_BITS} bits`),
    );
  }
  const odoo =
    server.value && db.value && user.value && pass_.value
      ? { server: server.value, db: db.value, user: user.value, pass: pass_.value }
      : undefined;
  return { checks, odoo };
}
