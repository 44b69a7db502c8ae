import { createOdooClient, type OdooClient } from "@jsm-odoo/odoo-client";
import type { Fixture, RunningEmulator } from "@jsm-odoo/odoo-emulator";
import { startEmulator } from "@jsm-odoo/odoo-emulator";
import { INTEGRATION } from "./fixtures/builder.ts";

export interface Running {
  emulator: RunningEmulator;
  client: OdooClient;
  close(): Promise<void>;
}

/** An emulator on a free loopback port and a client logged in as the integration user. */
export async function startOdoo(
  fixture: Fixture,
  odooVersion: 14 | 15 | 16 | 17 | 18 | 19 = 17,
  latencyMs = 0,
): Promise<Running> {
  const emulator = await startEmulator({
    fixture,
    odooVersion,
    latencyMs,
    host: "127.0.0.1",
    port: 0,
  });
  const client = createOdooClient({
    url: emulator.url,
    db: emulator.db,
    username: INTEGRATION.login,
    password: INTEGRATION.apiKey,
  });
  return {
    emulator,
    client,
    async close() {
      client.close();
      await emulator.close();
    },
  };
}
