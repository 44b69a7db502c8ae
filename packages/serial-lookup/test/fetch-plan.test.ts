import type { OdooClient, OdooRecord } from "@jsm-odoo/odoo-client";
import { describe, expect, it } from "vitest";
import { fetchSerialData } from "../src/fetch-plan.ts";

interface Recorded {
  method: "searchRead" | "read";
  model: string;
  domain?: unknown[];
  ids?: readonly number[];
  options?: { limit?: number; order?: string; fields: readonly string[] };
  context?: Record<string, unknown>;
}

/** A client that records what the plan asks and answers from canned records. */
function recordingClient(answers: Record<string, OdooRecord[]> = {}) {
  const calls: Recorded[] = [];
  const client = {
    async searchRead(
      model: string,
      domain: unknown[],
      options: Recorded["options"],
      call?: { context?: Record<string, unknown> },
    ) {
      calls.push({ method: "searchRead", model, domain, options, context: call?.context });
      return answers[model] ?? [];
    },
    async read(model: string, ids: readonly number[], fields: readonly string[]) {
      calls.push({ method: "read", model, ids, options: { fields } });
      return answers[model] ?? [];
    },
  } as unknown as OdooClient;
  return { client, calls };
}

const settings = { historyLimit: 50, server: { carrierTrackingRef: false, extra: {} } };

describe("fetchSerialData", () => {
  it("escapes LIKE wildcards and backslashes in every =ilike term", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["A_1", "50%", "W\\1"], settings);
    const lots = calls.find((call) => call.model === "stock.lot");
    expect(lots?.domain).toEqual([
      "|",
      "|",
      ["name", "=ilike", "A\\_1"],
      ["name", "=ilike", "50\\%"],
      ["name", "=ilike", "W\\\\1"],
    ]);
    const ilikeValues = calls.flatMap((call) =>
      (call.domain ?? [])
        .filter((term): term is unknown[] => Array.isArray(term) && term[1] === "=ilike")
        .map((term) => term[2]),
    );
    expect(new Set(ilikeValues)).toEqual(new Set(["A\\_1", "50\\%", "W\\\\1"]));
  });

  it("searches lots with active_test false (modules that archive lots must not hide them)", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["X1"], settings, { context: { lang: "nb_NO" } });
    expect(calls.find((call) => call.model === "stock.lot")?.context).toEqual({
      lang: "nb_NO",
      active_test: false,
    });
  });

  it("asks only round-1 queries, each with a limit, when nothing is found", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["X1", "X2"], settings);
    expect(calls.map((call) => [call.model, call.options?.limit])).toEqual([
      ["stock.lot", 20],
      ["stock.move.line", 50],
      ["stock.move.line", 50],
      ["stock.move.line", 1],
      ["stock.move.line", 1],
      ["stock.move.line", 1],
      ["stock.move.line", 1],
      ["sale.order", 20],
    ]);
  });

  it("asks for the latest delivery into and the latest return out of a customer location", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["X1"], settings);
    const limitOne = calls.filter((call) => call.options?.limit === 1);
    expect(limitOne.map((call) => call.domain)).toEqual([
      [
        ["state", "=", "done"],
        ["location_dest_id.usage", "=", "customer"],
        ["lot_id.name", "=ilike", "X1"],
      ],
      [
        ["state", "=", "done"],
        ["location_id.usage", "=", "customer"],
        ["location_dest_id.usage", "!=", "customer"],
        ["lot_id.name", "=ilike", "X1"],
      ],
    ]);
    expect(limitOne.map((call) => call.options?.order)).toEqual([
      "date desc, id desc",
      "date desc, id desc",
    ]);
  });

  it("reads round 2 by the ids round 1 returned, with bounded order-line searches", async () => {
    const line = {
      id: 7,
      lot_id: [1, "SN"],
      product_id: [10, "P"],
      picking_id: [21, "OUT"],
      move_id: [41, "OUT"],
      location_id: [8, "WH/Stock"],
      location_dest_id: [5, "Customers"],
    };
    const { client, calls } = recordingClient({
      "stock.lot": [{ id: 1, name: "SN", product_id: [10, "P"] }],
      "stock.move.line": [line],
      "sale.order": [{ id: 30, partner_id: [50, "C"], partner_shipping_id: [51, "C, Site"] }],
    });
    await fetchSerialData(client, ["SN"], settings);
    const second = calls.slice(5);
    expect(
      second.map((call) => [call.method, call.model, call.ids ?? call.options?.limit]),
    ).toEqual([
      ["read", "stock.move", [41]],
      ["read", "stock.picking", [21]],
      ["searchRead", "sale.order.line", 20],
      ["searchRead", "sale.order.line", 20],
      ["read", "res.partner", [50, 51]],
      ["read", "product.product", [10]],
    ]);
    // The serial's own line and the kit-named lines have separate limits: many "Kitchenette"
    // lines cannot push the serial's line out of the answer.
    expect(second[2]?.domain).toEqual([
      ["order_id", "in", [30]],
      "|",
      ["move_ids", "in", [41]],
      ["product_id", "in", [10]],
    ]);
    expect(second[3]?.domain).toEqual([
      ["order_id", "in", [30]],
      ["product_id.name", "ilike", "kit"],
    ]);
  });

  it.each([
    [true, true],
    [false, false],
  ])("asks for carrier_tracking_ref only where init() found it (%s)", async (exists, asked) => {
    const { client, calls } = recordingClient({
      "stock.move.line": [
        { id: 7, lot_id: [1, "SN"], picking_id: [21, "OUT"], move_id: [41, "OUT"] },
      ],
    });
    await fetchSerialData(client, ["SN"], {
      historyLimit: 5,
      server: { carrierTrackingRef: exists, extra: {} },
    });
    const picking = calls.find((call) => call.model === "stock.picking");
    expect(picking?.options?.fields.includes("carrier_tracking_ref")).toBe(asked);
  });

  it("adds configured extra fields to the reads of their model", async () => {
    const { client, calls } = recordingClient();
    await fetchSerialData(client, ["SN"], {
      historyLimit: 5,
      server: { carrierTrackingRef: false, extra: { "sale.order": { x_tracking_no: "char" } } },
    });
    expect(calls.find((call) => call.model === "sale.order")?.options?.fields).toContain(
      "x_tracking_no",
    );
  });
});
