import { createOdooClient, type OdooClient, type OdooProtocol } from "@jsm-odoo/odoo-client";
import type { Fixture, RunningEmulator } from "@jsm-odoo/odoo-emulator";
import { startEmulator } from "@jsm-odoo/odoo-emulator";
import { INTEGRATION } from "./fixtures/builder.ts";

export interface Running {
  emulator: RunningEmulator;
  client: OdooClient;
  close(): Promise<void>;
}

/**
 * An emulator on a free loopback port and a client logged in as the integration user, over
 * XML-RPC unless told otherwise (JSON-2 needs the 19 profile).
 */
export async function startOdoo(
  fixture: Fixture,
  odooVersion: 14 | 15 | 16 | 17 | 18 | 19 = 17,
  latencyMs = 0,
  protocol: OdooProtocol = "xmlrpc",
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
    protocol,
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
