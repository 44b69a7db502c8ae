import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, type RunningEmulator, startEmulator } from "../src/index.ts";

const script = fileURLToPath(new URL("./python/odoo_external_api.py", import.meta.url));
let emulator: RunningEmulator;
let result: Record<string, unknown>;

beforeAll(async () => {
  emulator = await startEmulator({ odooVersion: 17 });
  const { integration } = DEMO.users;
  const { stdout } = await promisify(execFile)(
    "python3",
    [script, emulator.url, DEMO.db, integration.login, integration.apiKey],
    {
      timeout: 20_000,
    },
  );
  result = JSON.parse(stdout);
});
afterAll(() => emulator.close());

describe("Python's xmlrpc.client, used as Odoo's External API docs show", () => {
  it("reads the version", () => {
    expect(result.version).toEqual({
      server_version: "17.0",
      server_version_info: [17, 0, 0, "final", 0, ""],
      server_serie: "17.0",
      protocol_version: 1,
    });
  });

  it("authenticates with an API key, and gets False for a bad password", () => {
    expect(result.uid).toBe(DEMO.users.integration.id);
    expect(result.bad_uid).toBe(false);
  });

  it("runs search_read with a dotted domain, fields, limit and order", () => {
    expect(result.companies).toEqual([
      { id: 10, name: "Bjørn Ødegård AS", country_id: [1, "Norway"], vat: "NO912345678MVA" },
      { id: 1, name: "Huddly AS", country_id: [1, "Norway"], vat: "NO914735696MVA" },
    ]);
  });

  it("runs search, read and search_count", () => {
    expect(result.search).toEqual([1, 10]);
    expect(result.read).toEqual([
      { id: 1, name: "Huddly AS", is_company: true },
      { id: 10, name: "Bjørn Ødegård AS", is_company: true },
    ]);
    expect(result.count).toBe(6);
  });

  it("gets fields_get with the requested attributes and floats as Python floats", () => {
    const fields = result.fields as Record<string, Record<string, unknown>>;
    expect(fields.country_id).toEqual({ string: "Country", type: "many2one" });
    expect(fields.name).toEqual({ string: "Name", type: "char" });
    expect(result.price_unit_type).toBe("float");
  });

  it("gets a Fault 4 for a write by the read-only user, and Fault 3 for a bad password", () => {
    expect(result.can_write).toBe(false);
    expect(result.write).toEqual({
      faultCode: 4,
      faultString: expect.stringMatching(
        /^You are not allowed to modify 'Contact' \(res\.partner\) records\./,
      ),
    });
    expect(result.bad_password).toEqual({ faultCode: 3, faultString: "Access Denied" });
  });
});
