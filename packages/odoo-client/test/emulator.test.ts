import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOdooClient,
  escapeLikePattern,
  type OdooClient,
  type ReadMethod,
} from "../src/index.ts";

// The client against the project's Odoo emulator (real HTTP), one server per version and
// protocol: XML-RPC on every version, JSON-2 on 19 (the only version that has it).
const CASES = [
  [14, "xmlrpc"],
  [15, "xmlrpc"],
  [16, "xmlrpc"],
  [17, "xmlrpc"],
  [19, "xmlrpc"],
  [19, "json2"],
] as const;
const { integration } = DEMO.users;

describe.each(CASES)("against the emulator speaking Odoo %i over %s", (version, protocol) => {
  let emulator: RunningEmulator;
  const clients: OdooClient[] = [];
  const connect = (password: string = integration.apiKey) => {
    const client = createOdooClient({
      url: emulator.url,
      db: emulator.db,
      username: integration.login,
      password,
      protocol,
      timeoutMs: 2_000,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 },
    });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    emulator = await startEmulator({ odooVersion: version });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await emulator.close();
  });

  it("reads the version and names the server's vocabulary", async () => {
    const odoo = connect();
    expect((await odoo.version()).major).toBe(version);
    expect((await odoo.profile()).names.lotModel).toBe(
      version <= 15 ? "stock.production.lot" : "stock.lot",
    );
  });

  it("follows a serial from lot to move line to delivery to sale line, in the newest names", async () => {
    const odoo = connect();
    const serial = DEMO.serials.plain;
    const [lot] = await odoo.searchRead("stock.lot", [["name", "=", serial]], {
      fields: ["name", "product_id"],
    });
    expect(lot).toMatchObject({
      name: serial,
      product_id: [expect.any(Number), expect.any(String)],
    });

    const lines = await odoo.searchRead("stock.move.line", [["lot_id.name", "=", serial]], {
      fields: ["quantity", "picking_id", "move_id"],
      order: "quantity desc, id",
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.quantity).toEqual(expect.any(Number));

    const pickings = await odoo.searchRead(
      "stock.picking",
      [
        ["move_line_ids.lot_id.name", "=", serial],
        ["picking_type_code", "=", "outgoing"],
      ],
      { fields: ["name", "move_ids"] },
    );
    expect(pickings).toHaveLength(1);
    expect(pickings[0]?.move_ids).toEqual(expect.arrayContaining([expect.any(Number)]));

    const saleLines = await odoo.searchRead(
      "sale.order.line",
      [["move_ids.move_line_ids.lot_id.name", "=", serial]],
      { fields: ["product_uom_id", "order_id"] },
    );
    expect(saleLines).toHaveLength(1);
    expect(saleLines[0]?.product_uom_id).toEqual([expect.any(Number), expect.any(String)]);
  });

  // Every dotted path, field list and order the serial lookup's query plan sends
  // (packages/serial-lookup/src/fetch-plan.ts), in the newest names: the emulator faults on any
  // name this version does not have, so an answer with rows proves the translation.
  it.each([
    [
      "stock.lot",
      [["name", "=ilike", "x"]],
      ["name", "ref", "product_id", "company_id", "create_date"],
      "id desc",
    ],
    [
      "stock.move.line",
      [
        ["state", "=", "done"],
        ["lot_id.name", "=ilike", "x"],
      ],
      [
        "date",
        "reference",
        "lot_id",
        "product_id",
        "picking_id",
        "move_id",
        "location_id",
        "location_dest_id",
      ],
      "date desc, id desc",
    ],
    [
      "stock.move.line",
      [
        ["state", "=", "done"],
        ["location_dest_id.usage", "=", "customer"],
        ["lot_id.name", "=ilike", "x"],
      ],
      ["date"],
      "date desc, id desc",
    ],
    [
      "stock.move.line",
      [
        ["state", "=", "done"],
        ["location_id.usage", "=", "customer"],
        ["location_dest_id.usage", "!=", "customer"],
        ["lot_id.name", "=ilike", "x"],
      ],
      ["date"],
      "date desc, id desc",
    ],
    [
      "sale.order",
      [
        "|",
        ["picking_ids.move_line_ids.lot_id.name", "=ilike", "x"],
        ["order_line.move_ids.move_line_ids.lot_id.name", "=ilike", "x"],
      ],
      ["name", "date_order", "client_order_ref", "state", "partner_id", "partner_shipping_id"],
      "date_order desc, id desc",
    ],
    [
      "sale.order.line",
      [
        ["order_id.order_line.move_ids.move_line_ids.lot_id.name", "=ilike", "x"],
        "|",
        ["move_ids.move_line_ids.lot_id.name", "=ilike", "x"],
        ["product_id.name", "ilike", "kit"],
      ],
      ["order_id", "product_id", "name", "product_uom_qty", "price_unit"],
      "order_id, id",
    ],
    [
      "stock.picking",
      [["move_ids.move_line_ids.lot_id.name", "=ilike", "x"]],
      [
        "name",
        "date_done",
        "scheduled_date",
        "origin",
        "sale_id",
        "state",
        "carrier_tracking_ref",
        "move_ids",
      ],
      "id",
    ],
    [
      "stock.move",
      [["picking_id.move_ids.move_line_ids.lot_id.name", "=ilike", "x"]],
      ["picking_type_id", "sale_line_id", "quantity"],
      "id",
    ],
  ] as const)("runs the lookup plan's %s query (%j)", async (model, domain, fields, order) => {
    const odoo = connect();
    const serial = escapeLikePattern(DEMO.serials.returnedNotResold.toLowerCase());
    const withSerial = JSON.parse(JSON.stringify(domain).replaceAll('"x"', JSON.stringify(serial)));
    const rows = await odoo.searchRead(model, withSerial, { fields, order, limit: 50 });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(["id", ...fields].sort());
  });

  it(
    version >= 19 ? "answers res.partner.mobile as false (gone in 19)" : "reads res.partner.mobile",
    async () => {
      const odoo = connect();
      const partners = await odoo.searchRead("res.partner", [], {
        fields: ["name", "mobile"],
        limit: 3,
      });
      expect(partners.length).toBeGreaterThan(0);
      for (const partner of partners) expect(partner).toHaveProperty("mobile");
      if (version >= 19) for (const partner of partners) expect(partner.mobile).toBe(false);
    },
  );

  it("renames fields_get answers and checks access the version's way (read-only user)", async () => {
    const odoo = connect();
    const fields = await odoo.fieldsGet("stock.move.line", ["type", "relation"]);
    expect(fields.quantity?.type).toBe("float");
    expect(fields.lot_id?.relation).toBe("stock.lot");
    await expect(odoo.canAccess("stock.lot", "read")).resolves.toBe(true);
    await expect(odoo.canAccess("sale.order", "write")).resolves.toBe(false);
  });

  it("matches an underscore literally with =ilike and escapeLikePattern", async () => {
    const odoo = connect();
    const lots = await odoo.searchRead(
      "stock.lot",
      [["name", "=ilike", escapeLikePattern(DEMO.serials.underscore)]],
      { fields: ["name"] },
    );
    expect(lots.map((l) => l.name)).toEqual([DEMO.serials.underscore]);
  });

  it("sees archived records only with active_test false in the context", async () => {
    const odoo = connect();
    const active = await odoo.searchCount("res.partner", []);
    const all = await odoo.searchCount("res.partner", [], { context: { active_test: false } });
    expect(all).toBeGreaterThan(active);
  });

  it("authenticates once for 10 concurrent first calls", async () => {
    const odoo = connect();
    await Promise.all(Array.from({ length: 10 }, () => odoo.searchCount("stock.lot", [])));
    expect(odoo.stats().byMethod["common/authenticate"]?.calls).toBe(1);
  });

  it("sends nothing for a write and rejects a wrong API key once", async () => {
    const odoo = connect();
    const before = emulator.requests();
    await expect(
      odoo.callRead("res.partner", "write" as ReadMethod, [[1], { name: "x" }]),
    ).rejects.toMatchObject({
      code: "ODOO_REFUSED_METHOD",
    });
    expect(emulator.requests()).toBe(before);
    const wrong = connect("not-the-key");
    await expect(wrong.searchCount("stock.lot", [])).rejects.toMatchObject({
      code: "ODOO_AUTH_REJECTED",
    });
    await expect(wrong.searchCount("stock.lot", [])).rejects.toMatchObject({
      code: "ODOO_AUTH_REJECTED",
    });
    expect(wrong.stats().byMethod["common/authenticate"]?.calls).toBe(1);
  });

  it("retries injected 502s, does not retry an AccessError, and stops a hang at the deadline", async () => {
    const odoo = connect();
    await odoo.authenticate();
    emulator.faults.inject({ match: { method: "search_count" }, kind: "http-502", times: 2 });
    await expect(odoo.searchCount("stock.lot", [])).resolves.toEqual(expect.any(Number));
    expect(odoo.stats().byMethod["object/stock.lot/search_count"]?.calls).toBe(3);

    emulator.faults.inject({
      match: { method: "read" },
      kind: { fault: { code: 4, string: "no" } },
    });
    await expect(odoo.read("stock.lot", [1], ["name"])).rejects.toMatchObject({
      code: "ODOO_ACCESS_DENIED",
    });
    expect(odoo.stats().byMethod["object/stock.lot/read"]?.calls).toBe(1);

    emulator.faults.inject({ match: { method: "search_read" }, kind: "hang" });
    const started = Date.now();
    await expect(
      odoo.searchRead("stock.lot", [], { fields: ["name"] }, { deadline: started + 300 }),
    ).rejects.toMatchObject({ code: "ODOO_TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(1_500);
    emulator.faults.clear();
  });
});
