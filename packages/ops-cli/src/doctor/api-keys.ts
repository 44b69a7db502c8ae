/**
 * How long the integration user's API keys last. From Odoo 18 a key expires (the web form caps
 * its lifetime at the largest "API Keys maximum duration days" of the user's groups: 90 for
 * internal users, one day when no group sets one); when it does, every lookup fails at once.
 * A user may read its own keys (`res.users.apikeys`, never the secret itself), so doctor can
 * tell when every key of the user runs out soon. Which key the secret holds it cannot tell.
 */
import type { OdooClient } from "@jsm-odoo/odoo-client";
import { type Check, pass, skip, warn } from "../checklist.ts";

/** Renew before this; the API key has to be created by hand (docs/odoo-integration-user.md). */
export const KEY_EXPIRY_WARNING_DAYS = 30;
const NAME = "API key lifetime";
const DAY_MS = 86_400_000;

export async function checkApiKeyLifetime(
  client: OdooClient,
  uid: number,
  major: number,
  now = Date.now(),
): Promise<Check> {
  if (major < 18) return pass(NAME, `API keys do not expire before Odoo 18 (this is ${major})`);
  if (uid <= 0) return skip(NAME, "the user's id is not known");
  let keys: { name?: unknown; expiration_date?: unknown }[];
  try {
    keys = await client.searchRead("res.users.apikeys", [["user_id", "=", uid]], {
      fields: ["name", "expiration_date"],
      order: "expiration_date desc, id desc",
    });
  } catch {
    return skip(NAME, "Odoo did not list the user's API keys");
  }
  if (keys.length === 0) return pass(NAME, "the user has no API key (the secret is a password)");
  const expiries = keys.map((key) =>
    typeof key.expiration_date === "string"
      ? Date.parse(`${key.expiration_date.replace(" ", "T")}Z`)
      : Number.POSITIVE_INFINITY,
  );
  const last = Math.max(...expiries);
  if (last === Number.POSITIVE_INFINITY) {
    return pass(
      NAME,
      `${keys.length} key(s); at least one never expires (made by an administrator)`,
    );
  }
  const days = Math.floor((last - now) / DAY_MS);
  const date = new Date(last).toISOString().slice(0, 10);
  if (days < KEY_EXPIRY_WARNING_DAYS) {
    return warn(
      NAME,
      `every API key of the user expires by ${date} (${days} days): create a new key and store it in odoo_<env>_pass before then (docs/odoo-integration-user.md)`,
    );
  }
  return pass(NAME, `the user's last key to expire lasts until ${date} (${days} days)`);
}
