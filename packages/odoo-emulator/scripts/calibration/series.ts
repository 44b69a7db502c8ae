/**
 * What the calibration measures on a real Odoo: one series per request kind and protocol, each
 * sent sequentially many times. Kinds: `version` (no database), `authenticate` (a password
 * check), the lookup's two plain ORM calls (a `search_read` with a dotted `=ilike` domain, a
 * `read` by ids), and two sweeps that separate what grows: `web_search_read` on one move line
 * with 0 to 12 nested relations in its specification (17+), and `search_read` of 1 to 40 move
 * lines.
 */
import {
  type CalibrationTarget,
  ormCall,
  type Protocol,
  type Request,
  webVersion,
  xmlrpc,
} from "./wire.ts";

export interface Series {
  kind: string;
  protocol: Protocol;
  /** Relations followed by a specification (many2one / x2many with `fields`). */
  relations: number;
  /** Records the answer holds (top level). */
  records: number;
  request: Request;
}

/** The data the calls read, found on the server first. */
export interface CalibrationSample {
  uid: number;
  version: number;
  serial: string;
  moveLineId: number;
  saleLineIds: number[];
  /** A `=ilike` pattern matching at least 40 move lines when possible. */
  manyLinesPattern: string;
}

type Spec = Record<string, { fields?: Spec }>;

/** Nested relations of a move line, parents before children; each reads a few plain fields. */
const RELATIONS: readonly { path: string[]; fields: string[] }[] = [
  { path: ["lot_id"], fields: ["name"] },
  { path: ["lot_id", "product_id"], fields: ["default_code"] },
  { path: ["picking_id"], fields: ["name", "scheduled_date"] },
  { path: ["location_id"], fields: ["usage"] },
  { path: ["location_dest_id"], fields: ["usage"] },
  { path: ["move_id"], fields: ["date"] },
  { path: ["move_id", "sale_line_id"], fields: ["name", "product_uom_qty"] },
  { path: ["move_id", "sale_line_id", "order_id"], fields: ["name", "date_order"] },
  {
    path: ["move_id", "sale_line_id", "order_id", "partner_shipping_id"],
    fields: ["name", "city"],
  },
  {
    path: ["move_id", "sale_line_id", "order_id", "partner_shipping_id", "country_id"],
    fields: ["code"],
  },
  { path: ["move_id", "sale_line_id", "order_id", "order_line"], fields: ["name"] },
  {
    path: ["move_id", "sale_line_id", "order_id", "partner_shipping_id", "state_id"],
    fields: ["code"],
  },
];
export const MAX_RELATIONS = RELATIONS.length;

/** The move line's own fields plus the first `count` relations. */
export const specification = (count: number): Spec => {
  const root: Spec = { reference: {}, date: {}, state: {} };
  for (const { path, fields } of RELATIONS.slice(0, count)) {
    let level = root;
    for (const name of path) {
      level[name] ??= { fields: { display_name: {} } };
      level = level[name]?.fields as Spec;
    }
    for (const field of fields) level[field] = {};
  }
  return root;
};

const HISTORY_FIELDS = [
  "date",
  "reference",
  "lot_id",
  "product_id",
  "picking_id",
  "move_id",
  "location_id",
  "location_dest_id",
];
const LINE_FIELDS = ["order_id", "product_id", "name", "product_uom_qty", "price_unit"];

export const buildSeries = (
  server: CalibrationTarget,
  sample: CalibrationSample,
  protocols: readonly Protocol[],
): Series[] => {
  const { uid, version } = sample;
  const series: Series[] = [
    {
      kind: "version",
      protocol: "xmlrpc",
      relations: 0,
      records: 0,
      request: xmlrpc(server, "common", "version", []),
    },
    {
      kind: "authenticate",
      protocol: "xmlrpc",
      relations: 0,
      records: 0,
      request: xmlrpc(server, "common", "authenticate", [
        server.db,
        server.login,
        server.password,
        {},
      ]),
    },
  ];
  if (protocols.includes("json2")) {
    series.push({
      kind: "version",
      protocol: "json2",
      relations: 0,
      records: 0,
      request: webVersion(server),
    });
  }
  for (const protocol of protocols) {
    const call = (model: string, method: string, kwargs: Record<string, unknown>, ids?: number[]) =>
      ormCall(server, uid, protocol, model, method, kwargs, ids);
    const add = (kind: string, relations: number, records: number, request: Request) =>
      series.push({ kind, protocol, relations, records, request });
    add(
      "search_read_dotted",
      0,
      1,
      call("stock.move.line", "search_read", {
        domain: [
          ["state", "=", "done"],
          ["lot_id.name", "=ilike", sample.serial],
          ["location_dest_id.usage", "=", "customer"],
        ],
        fields: HISTORY_FIELDS,
        limit: 20,
        order: "date desc, id desc",
      }),
    );
    add(
      "read_ids",
      0,
      sample.saleLineIds.length,
      call("sale.order.line", "read", { fields: LINE_FIELDS }, sample.saleLineIds),
    );
    for (const limit of [1, 10, 40]) {
      add(
        "search_read_records",
        0,
        limit,
        call("stock.move.line", "search_read", {
          domain: [["lot_id.name", "=ilike", sample.manyLinesPattern]],
          fields: ["date", "reference", "state"],
          limit,
          order: "id",
        }),
      );
    }
    if (version < 17) continue;
    for (const relations of [0, 1, 3, 6, MAX_RELATIONS]) {
      add(
        "web_search_read",
        relations,
        1,
        call("stock.move.line", "web_search_read", {
          domain: [["id", "=", sample.moveLineId]],
          specification: specification(relations),
        }),
      );
    }
  }
  return series;
};
