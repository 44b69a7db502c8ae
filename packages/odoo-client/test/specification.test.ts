import { describe, expect, it } from "vitest";
import { createOdooClient, type ExecuteKwRequest, type Specification } from "../src/index.ts";
import { toNamedArguments } from "../src/json2-arguments.ts";
import { OPTIONS, spyTransport } from "./helpers/fake-transport.ts";

/** A stock.move.line read through its move, sale line and order, down to the partner. */
const SPEC: Specification = {
  quantity: {},
  lot_id: { fields: { display_name: {} } },
  move_id: {
    fields: {
      sale_line_id: {
        fields: {
          product_uom_id: { fields: { display_name: {} } },
          order_id: {
            fields: { partner_id: { fields: { name: {}, mobile: {} } } },
          },
        },
      },
    },
  },
  picking_id: {
    fields: { move_ids: { fields: { quantity: {} }, limit: 5, order: "quantity desc, id" } },
  },
};

/** The answer a server of that version would give, in its own names. */
function answer(major: number) {
  const qty = major <= 16 ? "qty_done" : "quantity";
  const uom = major <= 18 ? "product_uom" : "product_uom_id";
  const partner: Record<string, unknown> = { id: 5, name: "Acme AS" };
  if (major <= 18) partner.mobile = "+47 1";
  return {
    length: 1,
    records: [
      {
        id: 1,
        [qty]: 1,
        lot_id: { id: 2, display_name: "SN-1" },
        move_id: {
          id: 3,
          sale_line_id: {
            id: 4,
            [uom]: { id: 1, display_name: "Units" },
            order_id: { id: 6, partner_id: partner },
          },
        },
        picking_id: { id: 7, move_ids: [{ id: 3, quantity: 1 }, { id: 8 }] },
      },
    ],
  };
}

function clientOf(major: number) {
  const transport = spyTransport({
    major,
    execute: (request: ExecuteKwRequest) =>
      request.method === "web_read" ? answer(major).records : answer(major),
  });
  return { client: createOdooClient({ ...OPTIONS, transport }), transport };
}

describe("reads with a nested specification (web_search_read, web_read)", () => {
  it("renames each level of the specification into the server's names (Odoo 17)", async () => {
    const { client, transport } = clientOf(17);
    await client.webSearchRead("stock.move.line", [["lot_id.name", "=", "SN-1"]], SPEC, {
      limit: 50,
      order: "date desc, id desc",
    });
    const [request] = transport.calls.executeKw;
    expect(request).toMatchObject({ model: "stock.move.line", method: "web_search_read" });
    expect(request?.kwargs).toEqual({ limit: 50, count_limit: 50, order: "date desc, id desc" });
    expect(request?.args[1]).toEqual({
      quantity: {},
      lot_id: { fields: { display_name: {} } },
      move_id: {
        fields: {
          sale_line_id: {
            fields: {
              product_uom: { fields: { display_name: {} } },
              order_id: { fields: { partner_id: { fields: { name: {}, mobile: {} } } } },
            },
          },
        },
      },
      picking_id: {
        fields: { move_ids: { fields: { quantity: {} }, limit: 5, order: "quantity desc, id" } },
      },
    });
  });

  it("answers in the newest names at every level, and a field the server lacks as false (19)", async () => {
    const { client, transport } = clientOf(19);
    const [record] = await client.webSearchRead("stock.move.line", [], SPEC);
    const sent = transport.calls.executeKw[0]?.args[1] as Record<string, unknown>;
    expect(JSON.stringify(sent)).not.toContain("mobile");
    expect(record).toEqual({
      id: 1,
      quantity: 1,
      lot_id: { id: 2, display_name: "SN-1" },
      move_id: {
        id: 3,
        sale_line_id: {
          id: 4,
          product_uom_id: { id: 1, display_name: "Units" },
          order_id: { id: 6, partner_id: { id: 5, name: "Acme AS", mobile: false } },
        },
      },
      picking_id: { id: 7, move_ids: [{ id: 3, quantity: 1 }, { id: 8 }] },
    });
  });

  it("translates the answer of an older server back (17: product_uom)", async () => {
    const { client } = clientOf(17);
    const [record] = await client.webSearchRead<{ move_id: { sale_line_id: object } }>(
      "stock.move.line",
      [],
      SPEC,
    );
    expect(record?.move_id.sale_line_id).toMatchObject({
      product_uom_id: { id: 1, display_name: "Units" },
    });
  });

  it("reads records by id with web_read, the records first", async () => {
    const { client, transport } = clientOf(17);
    const records = await client.webRead("stock.move.line", [1], SPEC);
    expect(transport.calls.executeKw[0]).toMatchObject({ method: "web_read" });
    expect(transport.calls.executeKw[0]?.args[0]).toEqual([1]);
    expect(records).toHaveLength(1);
    expect(await client.webRead("stock.move.line", [], SPEC)).toEqual([]);
    expect(transport.calls.executeKw).toHaveLength(1);
  });

  it("refuses before Odoo 17, whose web_search_read takes a field list, without a request", async () => {
    const { client, transport } = clientOf(16);
    await expect(client.webSearchRead("stock.move.line", [], SPEC)).rejects.toMatchObject({
      code: "ODOO_UNSUPPORTED",
      message: "web_search_read with a specification needs Odoo 17 or later (this server is 16.0)",
    });
    await expect(client.webRead("stock.lot", [1], {})).rejects.toMatchObject({
      code: "ODOO_UNSUPPORTED",
    });
    expect(transport.calls.executeKw).toEqual([]);
  });

  it("names JSON-2 arguments as Odoo 19 does (web_read runs on ids)", () => {
    expect(toNamedArguments("web_search_read", [[], { name: {} }], { limit: 5 })).toEqual({
      domain: [],
      specification: { name: {} },
      limit: 5,
    });
    expect(toNamedArguments("web_read", [[1, 2], { name: {} }], {})).toEqual({
      ids: [1, 2],
      specification: { name: {} },
    });
  });
});
