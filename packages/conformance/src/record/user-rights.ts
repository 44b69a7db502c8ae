/**
 * A suite user as an emulator fixture user: its real uid and login, a stand-in API key, and the
 * models it may read or change as Odoo itself answers (`canAccess`, through the read-only
 * client, as that user), for every model the emulator serves.
 */
import { createOdooClient, type OdooProtocol } from "@jsm-odoo/odoo-client";
import { type FixtureUser, fixtureFields, type OdooVersion } from "@jsm-odoo/odoo-emulator";

export interface RecordedUser {
  login: string;
  uid: number;
  apiKey: string;
}

/** The key the replay's fixture gives a user; recordings name it `{{api_key:<login>}}`. */
export const replayKey = (login: string) => `replay-api-key-of-${login}`;
export const keyPlaceholder = (login: string) => `{{api_key:${login}}}`;

export async function fixtureUser(
  target: { url: string; db: string; major: number },
  user: RecordedUser,
): Promise<FixtureUser> {
  const protocol: OdooProtocol = target.major >= 19 ? "json2" : "xmlrpc";
  const client = createOdooClient({
    url: target.url,
    db: target.db,
    username: user.login,
    password: user.apiKey,
    protocol,
  });
  const read: string[] = [];
  const write: string[] = [];
  try {
    for (const { model } of fixtureFields(target.major as OdooVersion)) {
      const [canRead, ...changes] = await Promise.all(
        (["read", "write", "create", "unlink"] as const).map((op) => client.canAccess(model, op)),
      );
      if (canRead) read.push(model);
      if (changes.some(Boolean)) write.push(model);
    }
  } finally {
    client.close();
  }
  return { id: user.uid, login: user.login, api_keys: [replayKey(user.login)], read, write };
}
