import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, type RunningEmulator, startEmulator } from "../src/index.ts";

const script = fileURLToPath(new URL("./python/odoo_json2_api.py", import.meta.url));
let emulator: RunningEmulator;
let result: Record<string, { status: number; body: unknown }> & { version: unknown };

beforeAll(async () => {
  emulator = await startEmulator({ odooVersion: 19 });
  const { integration, restricted } = DEMO.users;
  const { stdout } = await promisify(execFile)(
    "python3",
    [script, emulator.url, DEMO.db, integration.apiKey, integration.password, restricted.apiKey],
    { timeout: 20_000 },
  );
  result = JSON.parse(stdout);
});
afterAll(() => emulator.close());

describe("Python's urllib, calling JSON-2 as Odoo 19's External JSON-2 API docs show", () => {
  it("reads the version", () => {
    expect(result.version).toEqual({ version_info: [19, 0, 0, "final", 0, ""], version: "19.0" });
  });

  it("runs search_read and read with named arguments", () => {
    expect(result.search_read).toEqual({
      status: 200,
      body: [
        { id: expect.any(Number), name: expect.any(String) },
        { id: expect.any(Number), name: expect.any(String) },
      ],
    });
    expect(result.read).toEqual({ status: 200, body: [{ id: 1, name: expect.any(String) }] });
  });

  it("gets 401 for a password and 404 for an unknown model, as error objects", () => {
    expect(result.password).toMatchObject({
      status: 401,
      body: { name: "werkzeug.exceptions.Unauthorized", message: "Invalid apikey" },
    });
    expect(result.unknown_model).toMatchObject({
      status: 404,
      body: { name: "werkzeug.exceptions.NotFound", message: "the model 'x.nope' does not exist" },
    });
  });

  it.each([
    ["an unknown method", "unknown_method", 404, "werkzeug.exceptions.NotFound"],
    ["a model the user may not read", "access_error", 403, "odoo.exceptions.AccessError"],
    [
      "an argument the method does not take",
      "bad_arguments",
      422,
      "werkzeug.exceptions.UnprocessableEntity",
    ],
    ["a domain on a field that does not exist", "invalid_field", 500, "builtins.ValueError"],
  ])("answers %s with HTTP %s and Odoo's error object", (_what, key, status, name) => {
    expect(result[key]).toMatchObject({
      status,
      body: {
        name,
        message: expect.any(String),
        arguments: expect.any(Array),
        context: expect.any(Object),
      },
    });
  });
});
