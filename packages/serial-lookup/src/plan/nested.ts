/**
 * The plan for Odoo 17 and later: two `web_search_read` requests in one wave, whatever the
 * number of serials. The move lines of every serial come back with everything assembly needs
 * nested (lot, product, picking and its order with lines, move with its sale line and order,
 * partners, locations with their usage); the lots come in the second request, so a lot that
 * never moved is still found. Only serials the shared move-line window cut short cost one more
 * wave (plan/window.ts).
 */
import type {
  CallOptions,
  Domain,
  FieldSpec,
  OdooClient,
  OdooRecord,
  Specification,
} from "@jsm-odoo/odoo-client";
import type { ExtraFieldModel } from "../extra-fields.ts";
import type { FetchedData, ServerFields } from "../fetched.ts";
import { byId, m2oId } from "../values.ts";
import { flatten, RecordSink } from "./flatten.ts";
import {
  anySerial,
  DONE,
  doneMoveLines,
  FROM_CUSTOMER,
  INTO_CUSTOMER,
  LINE_FIELDS,
  LOT_FIELDS,
  MAX_LINES_PER_ORDER,
  MAX_LOTS_PER_SERIAL,
  NEWEST_FIRST,
  named,
  ORDER_FIELDS,
  PARTNER_FIELDS,
  PRODUCT_FIELDS,
  pickingBaseFields,
  WITH_ARCHIVED,
} from "./queries.ts";
import type { PlanSettings } from "./settings.ts";
import { type Crossing, type SerialMoves, splitWindow } from "./window.ts";

const LABEL: FieldSpec = { fields: { display_name: {} } };
/**
 * Many2ones whose label assembly shows (product and location names, operation types, states,
 * countries, companies, lot names). Every other relation is read nested or as its bare id:
 * labels cost the server a display_name computation per record (a stock.move's reads its
 * picking, product and locations), half of the request's time on a real Odoo 19.
 */
const LABELLED = new Set([
  "product_id",
  "company_id",
  "state_id",
  "country_id",
  "lot_id",
  "picking_type_id",
  "location_id",
  "location_dest_id",
]);

/** Plain fields and bare relations as `{}`, labelled many2ones as LABEL, then nested ones. */
function spec(
  fields: readonly string[],
  server: ServerFields,
  model: ExtraFieldModel | undefined,
  nested: Specification = {},
): Specification {
  const out: Record<string, FieldSpec> = {};
  for (const field of fields) out[field] = LABELLED.has(field) ? LABEL : {};
  if (model !== undefined) {
    for (const [field, type] of Object.entries(server.extra[model] ?? {})) {
      // read() labels a many2one; a bare id (web_read without `fields`) would not match it.
      out[field] = type === "many2one" ? LABEL : {};
    }
  }
  for (const [field, fieldSpec] of Object.entries(nested)) {
    // A labelled relation read nested keeps its label (an extra field may name it too).
    const label: Specification = out[field] === LABEL ? { display_name: {} } : {};
    out[field] = { ...fieldSpec, fields: { ...label, ...fieldSpec.fields } };
  }
  return out;
}

function specifications(server: ServerFields) {
  const partner = spec(PARTNER_FIELDS, server, "res.partner");
  // Reading a partner by id finds it archived or not; the context states the intent.
  const partnerOf: FieldSpec = { fields: partner, context: WITH_ARCHIVED };
  const order = spec(ORDER_FIELDS, server, "sale.order", {
    partner_id: partnerOf,
    partner_shipping_id: partnerOf,
  });
  const line = spec(LINE_FIELDS, server, "sale.order.line");
  // The order's own lines matter only when the delivery move has no sale line (the kit and
  // product rules of assembly), so they are read under the picking's order only.
  const orderWithLines = {
    ...order,
    order_line: { fields: line, limit: MAX_LINES_PER_ORDER, order: "id" },
  };
  const moveLine = spec(["date", "reference", "lot_id", "product_id"], server, undefined, {
    picking_id: {
      // A picking's label is its name: cheap, and shown for a return read no further.
      fields: spec(["display_name", ...pickingBaseFields(server)], server, "stock.picking", {
        sale_id: { fields: orderWithLines },
      }),
    },
    move_id: {
      fields: spec(["picking_type_id"], server, undefined, {
        sale_line_id: { fields: { ...line, order_id: { fields: order } } },
      }),
    },
    location_id: { fields: { display_name: {}, usage: {} } },
    location_dest_id: { fields: { display_name: {}, usage: {} } },
  });
  const lot = spec(LOT_FIELDS, server, "stock.lot", {
    product_id: { fields: spec(PRODUCT_FIELDS, server, undefined), context: WITH_ARCHIVED },
  });
  return { moveLine, lot };
}

export async function fetchNested(
  client: OdooClient,
  serials: readonly string[],
  settings: PlanSettings,
  call: CallOptions,
): Promise<FetchedData> {
  const { historyLimit, server } = settings;
  const specs = specifications(server);
  const sink = new RecordSink();
  const moveLines = (domain: Domain, limit: number) =>
    client.webSearchRead(
      "stock.move.line",
      domain,
      specs.moveLine,
      { limit, order: NEWEST_FIRST },
      call,
    );

  const window = serials.length * historyLimit;
  const [lots, lines] = await Promise.all([
    client.webSearchRead(
      "stock.lot",
      anySerial("name", serials),
      specs.lot,
      { limit: serials.length * MAX_LOTS_PER_SERIAL, order: "id desc" },
      { ...call, context: { ...call.context, ...WITH_ARCHIVED } },
    ),
    moveLines(doneMoveLines(serials), window),
  ]);
  const flatLots = lots.map((lot) => flatten(lot, specs.lot, sink));
  const flatLines = lines.map((line) => flatten(line, specs.moveLine, sink));
  const usage = (location: unknown) =>
    byId(sink.of("stock.location")).get(m2oId(location) ?? -1)?.usage;
  const crossing = (line: OdooRecord): Crossing => {
    const from = usage(line.location_id);
    const to = usage(line.location_dest_id);
    return {
      intoCustomer: to === "customer",
      outOfCustomer: from === "customer" && to !== "customer",
    };
  };
  const split = splitWindow(serials, flatLines, {
    historyLimit,
    full: lines.length >= window,
    lotsById: byId(flatLots),
    crossing,
  });

  // Serials the window may have cut short: their own history, delivery and return, one wave.
  const moves: SerialMoves[] = split.moves;
  await Promise.all(
    split.incomplete.map(async (position) => {
      const serial = serials[position] as string;
      const own = [DONE, named("lot_id.name", serial)];
      const [history, deliveries, returns] = await Promise.all([
        moveLines(own, historyLimit),
        moveLines([...own, INTO_CUSTOMER], 1),
        moveLines([...own, ...FROM_CUSTOMER], 1),
      ]);
      const flat = (records: OdooRecord[]) =>
        records.map((record) => flatten(record, specs.moveLine, sink));
      moves[position] = {
        history: flat(history),
        deliveries: flat(deliveries),
        returns: flat(returns),
      };
    }),
  );

  return {
    lots: flatLots,
    history: moves.map((serial) => serial.history),
    deliveries: moves.map((serial) => serial.deliveries),
    returns: moves.map((serial) => serial.returns),
    orders: sink.of("sale.order"),
    moves: sink.of("stock.move"),
    pickings: sink.of("stock.picking"),
    orderLines: sink.of("sale.order.line"),
    partners: sink.of("res.partner"),
    products: sink.of("product.product"),
  };
}
