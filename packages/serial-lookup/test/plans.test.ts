import type { OdooClient, OdooRecord } from "@jsm-odoo/odoo-client";
import { describe, expect, it } from "vitest";
import type { ServerFields } from "../src/fetched.ts";
import { fetchSerialData } from "../src/plan/index.ts";

interface Recorded {
  method: "searchRead" | "read" | "webSearchRead";
  model: string;
  domain?: readonly unknown[];
  ids?: readonly number[];
  fields?: readonly string[];
  specification?: Record<string, unknown>;
  limit?: number;
  order?: string;
  context?: Record<string, unknown>;
}

type Answer = OdooRecord[] | ((call: Recorded) => OdooRecord[]);

/** A client that records what a plan asks and answers from canned records, by model. */
function recordingClient(answers: Record<string, Answer> = {}) {
  const calls: Recorded[] = [];
  const answer = (call: Recorded) => {
    calls.push(call);
    const canned = answers[call.model] ?? [];
    return Promise.resolve(typeof canned === "function" ? canned(call) : canned);
  };
  type Call = { context?: Record<string, unknown> } | undefined;
  type Options = { fields: readonly string[]; limit?: number; order?: string };
  const client = {
    searchRead: (model: string, domain: unknown[], options: Options, call: Call) =>
      answer({ method: "searchRead", model, domain, ...options, context: call?.context }),
    read: (model: string, ids: readonly number[], fields: readonly string[], call: Call) =>
      answer({ method: "read", model, ids, fields, context: call?.context }),
    webSearchRead: (
      model: string,
      domain: unknown[],
      specification: Record<string, unknown>,
      options: { limit?: number; order?: string },
      call: Call,
    ) =>
      answer({
        method: "webSearchRead",
        model,
        domain,
        specification,
        ...options,
        context: call?.context,
      }),
  } as unknown as OdooClient;
  return { client, calls };
}

const server: ServerFields = { carrierTrackingRef: false, moveLineUsage: true, extra: {} };
const settings = { historyLimit: 50, server };

function ilikeValues(calls: readonly Recorded[]): unknown[] {
  return calls.flatMap((call) =>
    (call.domain ?? [])
      .filter((term): term is unknown[] => Array.isArray(term) && term[1] === "=ilike")
      .map((term) => term[2]),
  );
}

describe.each(["nested", "flat"] as const)("the %s plan", (plan) => {
  it("escapes LIKE wildcards and backslashes in every =ilike term", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["A_1", "50%", "W\\1"], plan, settings);
    const lots = calls.find((call) => call.model === "stock.lot");
    expect(lots?.domain).toEqual([
      "|",
      "|",
      ["name", "=ilike", "A\\_1"],
      ["name", "=ilike", "50\\%"],
      ["name", "=ilike", "W\\\\1"],
    ]);
    expect(new Set(ilikeValues(calls))).toEqual(new Set(["A\\_1", "50\\%", "W\\\\1"]));
  });

  it("searches lots with active_test false, keeping the caller's context", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["X1"], plan, settings, { context: { lang: "nb_NO" } });
    expect(calls.find((call) => call.model === "stock.lot")?.context).toEqual({
      lang: "nb_NO",
      active_test: false,
    });
  });

  it("reads the history of every serial in one request, newest first, one window for all", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["X1", "X2", "X3"], plan, { ...settings, historyLimit: 7 });
    const lines = calls.filter((call) => call.model === "stock.move.line");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ limit: 21, order: "date desc, id desc" });
    expect(lines[0]?.domain?.[0]).toEqual(["state", "=", "done"]);
  });

  it("asks again, for the serials a full window may have cut short only", async () => {
    // Two serials, window of 2 x 2 lines, all taken by BUSY: QUIET may have older lines.
    const busy = (id: number, dest: string) => ({
      id,
      lot_id: plan === "nested" ? { id: 1, display_name: "BUSY" } : [1, "BUSY"],
      location_dest_usage: dest,
      location_dest_id:
        plan === "nested"
          ? { id: dest === "customer" ? 9 : 8, display_name: dest, usage: dest }
          : [9, "X"],
    });
    const { client, calls } = recordingClient({
      "stock.lot": [
        { id: 1, name: "BUSY" },
        { id: 2, name: "QUIET" },
      ],
      "stock.move.line": (call) =>
        call.limit === 4
          ? [busy(14, "customer"), busy(13, "internal"), busy(12, "internal"), busy(11, "internal")]
          : [],
    });
    await fetchSerialData(client, ["BUSY", "QUIET"], plan, { ...settings, historyLimit: 2 });
    const again = calls.filter((call) => call.model === "stock.move.line").slice(1);
    expect(again.map((call) => [ilikeValues([call]), call.limit])).toEqual([
      [["QUIET"], 2],
      [["QUIET"], 1],
      [["QUIET"], 1],
    ]);
    expect(again.map((call) => call.domain?.slice(2))).toEqual([
      [],
      [["location_dest_id.usage", "=", "customer"]],
      [
        ["location_id.usage", "=", "customer"],
        ["location_dest_id.usage", "!=", "customer"],
      ],
    ]);
  });

  it("asks nothing again when the window was not full", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["X1", "X2"], plan, settings);
    expect(calls.filter((call) => call.model === "stock.move.line")).toHaveLength(1);
  });
});

describe("the nested plan (Odoo 17+)", () => {
  it("is two web_search_reads in one wave, whatever the number of serials", async () => {
    const serials = Array.from({ length: 20 }, (_, i) => `SN-${i}`);
    const { client, calls } = recordingClient();
    await fetchSerialData(client, serials, "nested", settings);
    expect(calls.map((call) => [call.method, call.model, call.limit])).toEqual([
      ["webSearchRead", "stock.lot", 200],
      ["webSearchRead", "stock.move.line", 1000],
    ]);
  });

  it("reads the delivery's order, its lines, customer and address nested in the move lines", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["SN"], "nested", settings);
    const spec = calls.find((call) => call.model === "stock.move.line")?.specification;
    expect(spec).toMatchObject({
      lot_id: { fields: { display_name: {} } },
      location_dest_id: { fields: { display_name: {}, usage: {} } },
      move_id: {
        fields: {
          picking_type_id: { fields: { display_name: {} } },
          sale_line_id: { fields: { order_id: { fields: { partner_shipping_id: {} } } } },
        },
      },
      picking_id: {
        fields: {
          sale_id: {
            fields: {
              order_line: { limit: 100, order: "id" },
              partner_id: { context: { active_test: false } },
            },
          },
        },
      },
    });
  });

  it("asks for carrier_tracking_ref and extra fields only where init() found them", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["SN"], "nested", {
      historyLimit: 5,
      server: {
        ...server,
        carrierTrackingRef: true,
        extra: { "stock.picking": { x_carrier: "many2one", x_note: "char" } },
      },
    });
    const picking = ((calls[1]?.specification ?? {}) as Record<string, { fields: object }>)
      .picking_id;
    expect(picking?.fields).toMatchObject({
      carrier_tracking_ref: {},
      x_carrier: { fields: { display_name: {} } },
      x_note: {},
    });
    const bare = recordingClient();
    await fetchSerialData(bare.client, ["SN"], "nested", settings);
    const plain = ((bare.calls[1]?.specification ?? {}) as Record<string, { fields: object }>)
      .picking_id;
    expect(plain?.fields).not.toHaveProperty("carrier_tracking_ref");
  });
});

describe("the flat plan (any version)", () => {
  it("asks one search_read per model from the serial names, then reads partners and products by id", async () => {
    const { client, calls } = recordingClient({
      "stock.lot": [{ id: 1, name: "SN", product_id: [10, "P"] }],
      "sale.order": [{ id: 30, partner_id: [50, "C"], partner_shipping_id: [51, "C, Site"] }],
    });
    await fetchSerialData(client, ["SN"], "flat", settings);
    expect(calls.map((call) => [call.method, call.model, call.ids ?? call.limit])).toEqual([
      ["searchRead", "stock.lot", 10],
      ["searchRead", "stock.move.line", 50],
      ["searchRead", "stock.move", 100],
      ["searchRead", "stock.picking", 100],
      ["searchRead", "sale.order", 10],
      ["searchRead", "sale.order.line", 1000],
      ["read", "res.partner", [50, 51]],
      ["read", "product.product", [10]],
    ]);
    expect(calls[6]?.context).toEqual({ active_test: false });
  });

  it("asks for the customer locations only where move lines have no location usage", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["SN"], "flat", {
      ...settings,
      server: { ...server, moveLineUsage: false },
    });
    expect(calls.find((call) => call.model === "stock.location")).toMatchObject({
      domain: [["usage", "=", "customer"]],
      context: { active_test: false },
    });
    const lines = calls.find((call) => call.model === "stock.move.line");
    expect(lines?.fields).not.toContain("location_dest_usage");
    const withUsage = recordingClient();
    await fetchSerialData(withUsage.client, ["SN"], "flat", settings);
    expect(withUsage.calls.some((call) => call.model === "stock.location")).toBe(false);
  });

  it("reads by id the moves and pickings its first wave missed", async () => {
    const { client, calls } = recordingClient({
      "stock.lot": [{ id: 1, name: "SN" }],
      "stock.move.line": [
        {
          id: 7,
          lot_id: [1, "SN"],
          picking_id: [21, "OUT"],
          move_id: [41, "OUT"],
          location_dest_usage: "customer",
        },
      ],
      "stock.move": (call) => (call.method === "read" ? [{ id: 41 }] : []),
    });
    await fetchSerialData(client, ["SN"], "flat", settings);
    expect(calls.filter((call) => call.method === "read")).toMatchObject([
      { model: "stock.move", ids: [41] },
      { model: "stock.picking", ids: [21] },
    ]);
  });
});
