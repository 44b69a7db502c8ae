/**
 * The plan for servers without nested reads (Odoo 14-16, and any version on request): one
 * `search_read` per model, all in one wave, each finding its records from the serial names
 * through dotted domain paths ("any record matches" for x2many hops, Odoo ORM reference
 * "Search domains"), so none waits for ids from another. A second wave reads what only ids can
 * name: customers and delivery addresses, and the lots' products. Records the first wave's
 * windows cut short (a serial moved more often than the history limit allows) are read in that
 * same second wave, or, for their moves and pickings, a third.
 */
import type { CallOptions, Domain, OdooClient, OdooRecord } from "@jsm-odoo/odoo-client";
import type { FetchedData } from "../fetched.ts";
import { byId, m2oId } from "../values.ts";
import {
  anyOf,
  anySerial,
  DONE,
  doneMoveLines,
  FROM_CUSTOMER,
  INTO_CUSTOMER,
  LINE_FIELDS,
  LOT_FIELDS,
  MAX_LINES_PER_ORDER,
  MAX_LOTS_PER_SERIAL,
  MAX_ORDERS_PER_SERIAL,
  MOVE_FIELDS,
  MOVE_LINE_FIELDS,
  NEWEST_FIRST,
  named,
  ORDER_FIELDS,
  ordersOfSerials,
  PARTNER_FIELDS,
  PRODUCT_FIELDS,
  pickingFields,
  WITH_ARCHIVED,
  withExtra,
} from "./queries.ts";
import type { PlanSettings } from "./settings.ts";
import { type Crossing, type SerialMoves, splitWindow } from "./window.ts";

/** stock.move.line's related `location_usage` / `location_dest_usage` (Odoo 16 and later). */
const USAGE_FIELDS = ["location_usage", "location_dest_usage"];

function ids(records: readonly OdooRecord[], ...fields: string[]): number[] {
  const out = new Set<number>();
  for (const record of records) {
    for (const field of fields) {
      const id = m2oId(record[field]);
      if (id !== undefined) out.add(id);
    }
  }
  return [...out];
}

export async function fetchFlat(
  client: OdooClient,
  serials: readonly string[],
  settings: PlanSettings,
  call: CallOptions,
): Promise<FetchedData> {
  const { historyLimit, server } = settings;
  const n = serials.length;
  const archived = { ...call, context: { ...call.context, ...WITH_ARCHIVED } };
  const lineFields = server.moveLineUsage
    ? [...MOVE_LINE_FIELDS, ...USAGE_FIELDS]
    : MOVE_LINE_FIELDS;
  const moveLines = (domain: Domain, limit: number) =>
    client.searchRead(
      "stock.move.line",
      domain,
      { fields: lineFields, limit, order: NEWEST_FIRST },
      call,
    );
  const read = (model: string, recordIds: number[], fields: readonly string[], options = call) =>
    recordIds.length === 0
      ? Promise.resolve([] as OdooRecord[])
      : client.read(model, recordIds, fields, options);

  // ---- Wave 1: from the serial names alone.
  const window = n * historyLimit;
  const [lots, lines, moves, pickings, orders, orderLines, customerLocations] = await Promise.all([
    client.searchRead(
      "stock.lot",
      anySerial("name", serials),
      {
        fields: withExtra(LOT_FIELDS, server, "stock.lot"),
        limit: n * MAX_LOTS_PER_SERIAL,
        order: "id desc",
      },
      archived,
    ),
    moveLines(doneMoveLines(serials), window),
    // Moves and pickings the serials went through, with room for twice the move-line window:
    // what they still miss is read by id below.
    client.searchRead(
      "stock.move",
      [DONE, ...anySerial("move_line_ids.lot_id.name", serials)],
      { fields: MOVE_FIELDS, limit: 2 * window, order: NEWEST_FIRST },
      call,
    ),
    client.searchRead(
      "stock.picking",
      [DONE, ...anySerial("move_line_ids.lot_id.name", serials)],
      { fields: pickingFields(server), limit: 2 * window, order: "date_done desc, id desc" },
      call,
    ),
    client.searchRead(
      "sale.order",
      ordersOfSerials(serials),
      {
        fields: withExtra(ORDER_FIELDS, server, "sale.order"),
        limit: n * MAX_ORDERS_PER_SERIAL,
        order: "date_order desc, id desc",
      },
      call,
    ),
    // The serial's own sale lines (their moves carried it) and every line of the orders whose
    // pickings did (the kit and product rules of assembly read those).
    client.searchRead(
      "sale.order.line",
      anyOf(
        serials.flatMap((serial) => [
          named("move_ids.move_line_ids.lot_id.name", serial),
          named("order_id.picking_ids.move_line_ids.lot_id.name", serial),
        ]),
      ),
      {
        fields: withExtra(LINE_FIELDS, server, "sale.order.line"),
        limit: n * MAX_ORDERS_PER_SERIAL * MAX_LINES_PER_ORDER,
        order: "order_id, id",
      },
      call,
    ),
    server.moveLineUsage
      ? Promise.resolve([])
      : client.searchRead(
          "stock.location",
          [["usage", "=", "customer"]],
          { fields: ["usage"] },
          archived,
        ),
  ]);

  const customers = new Set(customerLocations.map((location) => location.id));
  const crossing = (line: OdooRecord): Crossing => {
    const from = server.moveLineUsage
      ? line.location_usage === "customer"
      : customers.has(m2oId(line.location_id) ?? -1);
    const to = server.moveLineUsage
      ? line.location_dest_usage === "customer"
      : customers.has(m2oId(line.location_dest_id) ?? -1);
    return { intoCustomer: to, outOfCustomer: from && !to };
  };
  const split = splitWindow(serials, lines, {
    historyLimit,
    full: lines.length >= window,
    lotsById: byId(lots),
    crossing,
  });

  // ---- Wave 2: partners and products by id, and serials the window cut short.
  const perSerial: SerialMoves[] = split.moves;
  const rereads = Promise.all(
    split.incomplete.map(async (position) => {
      const own = [DONE, named("lot_id.name", serials[position] as string)];
      const [history, deliveries, returns] = await Promise.all([
        moveLines(own, historyLimit),
        moveLines([...own, INTO_CUSTOMER], 1),
        moveLines([...own, ...FROM_CUSTOMER], 1),
      ]);
      perSerial[position] = { history, deliveries, returns };
    }),
  );
  const [partners, products] = await Promise.all([
    read(
      "res.partner",
      ids(orders, "partner_id", "partner_shipping_id"),
      withExtra(PARTNER_FIELDS, server, "res.partner"),
      archived,
    ),
    read("product.product", ids(lots, "product_id"), PRODUCT_FIELDS, archived),
    rereads,
  ]);

  // ---- Wave 3, rarely: moves and pickings of lines past the first wave's windows.
  const knownMoves = byId(moves);
  const knownPickings = byId(pickings);
  const used = perSerial.flatMap((serial) => [...serial.history, ...serial.deliveries]);
  const crossings = perSerial.flatMap((serial) => [...serial.deliveries, ...serial.returns]);
  const [missingMoves, missingPickings] = await Promise.all([
    read(
      "stock.move",
      ids(used, "move_id").filter((id) => !knownMoves.has(id)),
      MOVE_FIELDS,
    ),
    read(
      "stock.picking",
      ids(crossings, "picking_id").filter((id) => !knownPickings.has(id)),
      pickingFields(server),
    ),
  ]);

  return {
    lots,
    history: perSerial.map((serial) => serial.history),
    deliveries: perSerial.map((serial) => serial.deliveries),
    returns: perSerial.map((serial) => serial.returns),
    orders,
    moves: [...moves, ...missingMoves],
    pickings: [...pickings, ...missingPickings],
    orderLines,
    partners,
    products,
  };
}
