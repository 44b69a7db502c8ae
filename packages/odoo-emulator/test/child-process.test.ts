import { describe, expect, it } from "vitest";
import { startEmulatorProcess } from "../src/child-process.ts";
import { DEMO, demoFixture } from "../src/index.ts";
import { integration, jsonRpc, xmlCall } from "./helpers.ts";

describe("the emulator in its own process", () => {
  it("serves the fixture it is given as the Odoo version asked for, and stops on close", async () => {
    const emulator = await startEmulatorProcess({ fixture: demoFixture(), odooVersion: 16 });
    try {
      const { body } = await jsonRpc(emulator.url, "common", "version", []);
      expect(body.result).toMatchObject({ server_version: "16.0" });
      const uid = await xmlCall(emulator.url, "common", "authenticate", [
        emulator.db,
        integration.login,
        integration.apiKey,
        {},
      ]);
      expect(uid).toEqual({ value: DEMO.users.integration.id });
    } finally {
      await emulator.close();
    }
    await expect(fetch(emulator.url)).rejects.toThrow();
  }, 30_000);
});
