import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportFixture } from "../src/record/fixture-export.ts";
import { fixtureUser } from "../src/record/user-rights.ts";
import { connectWriter } from "../src/writer/odoo-writer.ts";

// The export reads only (fields_get, search_read): any Odoo serves it, the emulator included.
describe.each([16, 19] as const)(
  "exporting an Odoo %i's records as an emulator fixture",
  (version) => {
    let odoo: RunningEmulator;
    beforeAll(async () => {
      odoo = await startEmulator({ odooVersion: version });
    });
    afterAll(() => odoo.close());

    it("makes a fixture the emulator serves with the same answers and rights", async () => {
      const writer = await connectWriter({
        url: odoo.url,
        db: DEMO.db,
        login: "admin",
        password: "admin",
      });
      const { integration } = DEMO.users;
      const user = await fixtureUser(
        { url: odoo.url, db: DEMO.db, major: version },
        { login: integration.login, uid: integration.id, apiKey: integration.apiKey },
      );
      expect(user).toMatchObject({ id: integration.id, write: ["stock.move.line"] });
      expect(user.read).toContain("sale.order");

      const fieldsOf = async () => ({ x_extra_field: { type: "html" } });
      const { fixture, missingOnServer } = await exportFixture(writer, DEMO.db, [user], fieldsOf);
      expect(fixture.fields?.["stock.lot"]).toEqual({ x_extra_field: "html" });
      expect(missingOnServer).toEqual([]);
      const copy = await startEmulator({ fixture, odooVersion: version });
      try {
        const read = async (url: string, key: string) => {
          const body = JSON.stringify({
            jsonrpc: "2.0",
            method: "call",
            id: 1,
            params: {
              service: "object",
              method: "execute_kw",
              args: [
                DEMO.db,
                integration.id,
                key,
                "stock.move.line",
                "search_read",
                [[["lot_id.name", "=", DEMO.serials.kit]]],
                {
                  fields: ["reference", "location_id", "move_id", "lot_id"],
                  order: "date desc, id desc",
                },
              ],
            },
          });
          const response = await fetch(`${url}/jsonrpc`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body,
          });
          return ((await response.json()) as { result: unknown }).result;
        };
        expect(await read(copy.url, user.api_keys?.[0] ?? "")).toEqual(
          await read(odoo.url, integration.apiKey),
        );
      } finally {
        await copy.close();
      }
    });
  },
);
