import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultToError } from "../src/errors.ts";
import { createOdooClient, OdooError, type ReadMethod } from "../src/index.ts";
import {
  closedPortUrl,
  type FakeOdoo,
  odooLike,
  PASSWORD,
  type Reply,
  startFakeOdoo,
} from "./helpers/fake-odoo.ts";

describe("Odoo faults map to stable codes", () => {
  it.each([
    [3, "Access Denied", "ODOO_AUTH_REJECTED"],
    [4, "You are not allowed to access 'Sales Order' (sale.order) records.", "ODOO_ACCESS_DENIED"],
    [2, "Object stock.production.lot doesn't exist", "ODOO_UNKNOWN_MODEL"],
    [
      2,
      "Record does not exist or has been deleted.\n(Record: res.partner(99,), User: 2)",
      "ODOO_USER_ERROR",
    ],
    [
      1,
      "Traceback (most recent call last):\n...\nValueError: Invalid field 'qty_done' on model 'stock.move.line'",
      "ODOO_UNKNOWN_FIELD",
    ],
    [
      1,
      "Traceback (most recent call last):\n...\nValueError: Invalid field stock.lot.nme in leaf ('nme', '=', 'x')",
      "ODOO_UNKNOWN_FIELD",
    ],
    [1, "Traceback (most recent call last):\n...\nKeyError: 'boom'", "ODOO_SERVER_ERROR"],
  ])(
    "fault %i %j -> %s, with faultCode and faultString as data",
    (faultCode, faultString, code) => {
      const error = faultToError(faultCode, faultString);
      expect(error).toMatchObject({ code, faultCode, faultString, retryable: false });
    },
  );

  it("shows the exception line of a traceback, not its first line", () => {
    const error = faultToError(1, "Traceback (most recent call last):\n  File x\nKeyError: 'boom'");
    expect(error.message).toContain("KeyError: 'boom'");
  });
});

describe("errors never carry the password", () => {
  let odoo: FakeOdoo;
  // A server that echoes the password back in every fault, the worst a traceback could do.
  const echo = (code: number, text: string): Reply => ({
    fault: { faultCode: code, faultString: `${text} (args: ['db', 2, '${PASSWORD}'])` },
  });
  const failures: Record<string, Reply> = {
    "access-error": echo(4, "You are not allowed to access this"),
    "unknown-model": echo(2, "Object x.y doesn't exist"),
    "unknown-field": echo(1, "ValueError: Invalid field 'nope' on model 'res.partner'"),
    "user-error": echo(2, "Missing record"),
    "server-error": echo(1, `Traceback\nValueError: ${PASSWORD}`),
    "access-denied": echo(3, "Access Denied"),
    "http-502": { status: 502, body: `<html>${PASSWORD}</html>` },
    "malformed-xml": { status: 200, body: `<methodResponse><params>${PASSWORD}` },
    "http-404": { status: 404, body: PASSWORD },
    reset: { reset: true },
    hang: { hang: true },
  };
  beforeAll(async () => {
    odoo = await startFakeOdoo(
      odooLike({
        execute: (r) =>
          failures[String(r.kwargs.context && (r.kwargs.context as { case: string }).case)] ?? {
            result: [],
          },
      }),
    );
  });
  afterAll(() => odoo.close());

  function expectClean(error: unknown) {
    expect(error).toBeInstanceOf(OdooError);
    const shown = [
      String(error),
      (error as Error).message,
      (error as Error).stack ?? "",
      JSON.stringify(error),
      inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    ].join("\n");
    expect(shown).not.toContain(PASSWORD);
  }

  it.each(Object.keys(failures))("%s", async (failure) => {
    const client = createOdooClient({
      url: odoo.url,
      db: "db",
      username: "u",
      password: PASSWORD,
      timeoutMs: 200,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await client
      .searchCount("res.partner", [], { context: { case: failure } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OdooError);
    expectClean(error);
    client.close();
  });

  it("rejected login, refused method, aborted and unreachable", async () => {
    const wrong = createOdooClient({
      url: odoo.url,
      db: "db",
      username: "u",
      password: `${PASSWORD}-old`,
    });
    expectClean(await wrong.authenticate().catch((e: unknown) => e));
    const client = createOdooClient({ url: odoo.url, db: "db", username: "u", password: PASSWORD });
    expectClean(
      await client.callRead("res.partner", "unlink" as ReadMethod, [[1]]).catch((e: unknown) => e),
    );
    expectClean(
      await client
        .version({ signal: AbortSignal.abort(new Error(PASSWORD)) })
        .catch((e: unknown) => e),
    );
    const down = createOdooClient({
      url: await closedPortUrl(),
      db: "db",
      username: "u",
      password: PASSWORD,
      retry: { maxAttempts: 1 },
    });
    expectClean(await down.version().catch((e: unknown) => e));
    for (const c of [wrong, client, down]) c.close();
  });
});
