/**
 * The query plan: every record a request needs, in two dependent rounds of concurrent RPCs,
 * whatever the number of serials, moves or order lines (README "Query plan").
 *
 * Round 1 asks Odoo to follow relations itself with dotted domain paths ("any record matches"
 * for one2many, Odoo ORM reference "Search domains"), so lots, move lines and sale orders come
 * back from the serial names alone. Round 2 reads what only ids from round 1 can name.
 */
import {
  type CallOptions,
  type Domain,
  type DomainTerm,
  escapeLikePattern,
  type OdooClient,
  type OdooRecord,
} from "@jsm-odoo/odoo-client";
import type { ExtraFieldModel } from "./extra-fields.ts";
import type { FetchedData, ServerFields } from "./fetched.ts";
import { m2oId } from "./values.ts";

/** Lots sharing one name (several products or companies) read per serial. */
export const MAX_LOTS_PER_SERIAL = 10;
/** Sale orders that ever carried one serial (sold, returned, re-sold) read per serial. */
export const MAX_ORDERS_PER_SERIAL = 10;
/** Order lines read per order: the serial's own line(s) and kit-named lines. */
export const MAX_LINES_PER_ORDER = 20;

const LOT_FIELDS = ["name", "ref", "product_id", "company_id", "create_date"];
const MOVE_LINE_FIELDS = [
  "date",
  "reference",
  "lot_id",
  "product_id",
  "picking_id",
  "move_id",
  "location_id",
  "location_dest_id",
];
const ORDER_FIELDS = [
  "name",
  "date_order",
  "client_order_ref",
  "state",
  "partner_id",
  "partner_shipping_id",
];
const PICKING_FIELDS = ["name", "date_done", "scheduled_date", "origin", "sale_id", "state"];
const LINE_FIELDS = ["order_id", "product_id", "name", "product_uom_qty", "price_unit"];
const PARTNER_FIELDS = [
  "name",
  "ref",
  "vat",
  "email",
  "phone",
  "street",
  "street2",
  "zip",
  "city",
  "state_id",
  "country_id",
];
const DONE: DomainTerm = ["state", "=", "done"];
const INTO_CUSTOMER: DomainTerm = ["location_dest_id.usage", "=", "customer"];
const FROM_CUSTOMER: Domain = [
  ["location_id.usage", "=", "customer"],
  ["location_dest_id.usage", "!=", "customer"],
];
const NEWEST_FIRST = "date desc, id desc";

export interface PlanSettings {
  historyLimit: number;
  server: ServerFields;
}

/** `=ilike` with the serial escaped: exact, case-insensitive, no wildcards from user input. */
function named(path: string, serial: string): DomainTerm {
  return [path, "=ilike", escapeLikePattern(serial)];
}

/** OR of terms in Odoo's prefix notation. */
function anyOf(terms: readonly DomainTerm[]): Domain {
  return [...terms.slice(1).map(() => "|" as const), ...terms];
}

function withExtra(fields: readonly string[], server: ServerFields, model: ExtraFieldModel) {
  return [...new Set([...fields, ...Object.keys(server.extra[model] ?? {})])];
}

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

export async function fetchSerialData(
  client: OdooClient,
  serials: readonly string[],
  settings: PlanSettings,
  call: CallOptions = {},
): Promise<FetchedData> {
  const { server, historyLimit } = settings;
  const n = serials.length;

  // ---- Round 1: from serial names only, all concurrent.
  const lotsQuery = client.searchRead(
    "stock.lot",
    anyOf(serials.map((serial) => named("name", serial))),
    {
      fields: withExtra(LOT_FIELDS, server, "stock.lot"),
      limit: n * MAX_LOTS_PER_SERIAL,
      order: "id desc",
    },
    // Core stock.lot has no `active`, but modules add one (OCA stock_production_lot_active):
    // an archived lot still names the serial's moves, so it must not disappear from `lots`.
    { ...call, context: { ...call.context, active_test: false } },
  );
  // One query per serial: a shared limit would let a serial with a long history crowd out
  // the others. The count grows with serials asked, never with moves made.
  const historyQueries = serials.map((serial) =>
    client.searchRead(
      "stock.move.line",
      [DONE, named("lot_id.name", serial)],
      { fields: MOVE_LINE_FIELDS, limit: historyLimit, order: NEWEST_FIRST },
      call,
    ),
  );
  // The latest delivery may be older than the history cap (moves after a return), so it has
  // its own query, limit 1.
  const deliveryQueries = serials.map((serial) =>
    client.searchRead(
      "stock.move.line",
      [DONE, INTO_CUSTOMER, named("lot_id.name", serial)],
      { fields: MOVE_LINE_FIELDS, limit: 1, order: NEWEST_FIRST },
      call,
    ),
  );
  // The latest return from a customer, limit 1: "returned" compares it with the latest
  // delivery, so moves after the return (an internal transfer from a returns location to
  // stock, a repair) neither hide it nor need to fit in the history cap.
  const returnQueries = serials.map((serial) =>
    client.searchRead(
      "stock.move.line",
      [DONE, ...FROM_CUSTOMER, named("lot_id.name", serial)],
      { fields: MOVE_LINE_FIELDS, limit: 1, order: NEWEST_FIRST },
      call,
    ),
  );
  // Orders whose delivery pickings, or whose lines' moves, carried the serial. Which one is
  // the serial's is decided in round 2 (the latest delivery's picking / sale line).
  const ordersQuery = client.searchRead(
    "sale.order",
    anyOf(
      serials.flatMap((serial) => [
        named("picking_ids.move_line_ids.lot_id.name", serial),
        named("order_line.move_ids.move_line_ids.lot_id.name", serial),
      ]),
    ),
    {
      fields: withExtra(ORDER_FIELDS, server, "sale.order"),
      limit: n * MAX_ORDERS_PER_SERIAL,
      order: "date_order desc, id desc",
    },
    call,
  );
  const [lots, orders, history, deliveries, returns] = await Promise.all([
    lotsQuery,
    ordersQuery,
    Promise.all(historyQueries),
    Promise.all(deliveryQueries),
    Promise.all(returnQueries),
  ]);

  // ---- Round 2: by ids from round 1, all concurrent; empty id lists cost no RPC.
  const allHistory = history.flat();
  const deliveryLines = deliveries.flat();
  const returnLines = returns.flat();
  const deliveryMoveIds = ids(deliveryLines, "move_id");
  const orderIds = orders.map((order) => order.id);
  const productIds = ids([...lots, ...allHistory], "product_id");

  const read = (model: string, recordIds: number[], fields: readonly string[], context?: object) =>
    recordIds.length === 0
      ? Promise.resolve([] as OdooRecord[])
      : client.read(
          model,
          recordIds,
          fields,
          context ? { ...call, context: { ...call.context, ...context } } : call,
        );

  const pickingFields = withExtra(
    server.carrierTrackingRef ? [...PICKING_FIELDS, "carrier_tracking_ref"] : PICKING_FIELDS,
    server,
    "stock.picking",
  );
  // Order lines in two searches with their own limits, so that an order with many lines
  // named like "kit" (ilike is a substring match: "Kitchenette") never crowds out the serial's
  // own line. Whole-word "Kit" is decided in product-name.ts.
  const searchLines = (filter: Domain) =>
    orderIds.length === 0
      ? Promise.resolve([] as OdooRecord[])
      : client.searchRead(
          "sale.order.line",
          [["order_id", "in", orderIds], ...filter],
          {
            fields: withExtra(LINE_FIELDS, server, "sale.order.line"),
            limit: orderIds.length * MAX_LINES_PER_ORDER,
            order: "order_id, id",
          },
          call,
        );
  const [moves, pickings, ownLines, kitLines, partners, products] = await Promise.all([
    read("stock.move", ids([...allHistory, ...deliveryLines], "move_id"), [
      "picking_type_id",
      "sale_line_id",
    ]),
    read("stock.picking", ids([...deliveryLines, ...returnLines], "picking_id"), pickingFields),
    searchLines(["|", ["move_ids", "in", deliveryMoveIds], ["product_id", "in", productIds]]),
    searchLines([["product_id.name", "ilike", "kit"]]),
    // Reading by id returns archived partners too; active_test:false states the intent.
    read(
      "res.partner",
      ids(orders, "partner_id", "partner_shipping_id"),
      withExtra(PARTNER_FIELDS, server, "res.partner"),
      {
        active_test: false,
      },
    ),
    read("product.product", ids(lots, "product_id"), ["name", "default_code"], {
      active_test: false,
    }),
  ]);

  const seen = new Set(ownLines.map((line) => line.id));
  const orderLines = [...ownLines, ...kitLines.filter((line) => !seen.has(line.id))];
  return {
    lots,
    history,
    deliveries,
    returns,
    orders,
    moves,
    pickings,
    orderLines,
    partners,
    products,
  };
}
