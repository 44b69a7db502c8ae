/**
 * Requests beside the lookup's and doctor's own: the answers the project must handle (every
 * error odoo-client maps: unknown field, model or method, access errors, wrong key, uid or
 * database, JSON-2's statuses) and the calls' edge cases. Sent as raw HTTP, exactly as written
 * here, as the integration user; they change nothing (the only write is one Odoo refuses).
 */
import { methodCall, type XmlRpcValue } from "./xmlrpc-call.ts";

export interface ProbeContext {
  db: string;
  major: number;
  login: string;
  uid: number;
  apiKey: string;
  /** Another user's uid (the admin's). */
  otherUid: number;
  /** A lot of the scenarios, and its product. */
  lotId: number;
  productId: number;
  /** An archived partner of the scenarios, and an active one. */
  archivedPartnerId: number;
  partnerId: number;
}

export interface ProbeRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Probe {
  name: string;
  /** First Odoo major the probe applies to (JSON-2: 19). */
  since?: number;
  until?: number;
  request(ctx: ProbeContext): ProbeRequest;
}

/** Shaped like an API key (40 hex characters), valid for nobody. */
export const WRONG_KEY = "0123456789abcdef0123456789abcdef01234567";
const MISSING_ID = 999_999_999;

const xml = (service: string, method: string, params: XmlRpcValue[]): ProbeRequest => ({
  method: "POST",
  path: `/xmlrpc/2/${service}`,
  headers: { "content-type": "text/xml" },
  body: methodCall(method, params),
});

/** execute_kw as the integration user (or with the given uid / key). */
const kw = (
  ctx: ProbeContext,
  model: string,
  method: string,
  args: XmlRpcValue[],
  kwargs: Record<string, XmlRpcValue> = {},
  as: { uid?: number; key?: string } = {},
) =>
  xml("object", "execute_kw", [
    ctx.db,
    as.uid ?? ctx.uid,
    as.key ?? ctx.apiKey,
    model,
    method,
    args,
    kwargs,
  ]);

const json2 = (
  ctx: ProbeContext,
  model: string,
  method: string,
  body: unknown,
  headers: Record<string, string | undefined> = {},
): ProbeRequest => {
  const all: Record<string, string | undefined> = {
    "content-type": "application/json",
    authorization: `bearer ${ctx.apiKey}`,
    "x-odoo-database": ctx.db,
    ...headers,
  };
  return {
    method: "POST",
    path: `/json/2/${model}/${method}`,
    headers: Object.fromEntries(
      Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
};

const LOT_FIELDS = ["name", "product_id", "company_id"];

export const PROBES: readonly Probe[] = [
  // XML-RPC: the services and calls the client makes, and what it must handle.
  { name: "common.version", request: () => xml("common", "version", []) },
  {
    name: "common.authenticate",
    request: (c) => xml("common", "authenticate", [c.db, c.login, c.apiKey, {}]),
  },
  {
    name: "common.authenticate with a wrong key",
    request: (c) => xml("common", "authenticate", [c.db, c.login, WRONG_KEY, {}]),
  },
  {
    name: "common.authenticate on a database that does not exist",
    request: (c) => xml("common", "authenticate", [`${c.db}_missing`, c.login, c.apiKey, {}]),
  },
  {
    name: "search_read by name",
    request: (c) =>
      kw(c, "stock.lot", "search_read", [[["id", "=", c.lotId]]], { fields: LOT_FIELDS }),
  },
  {
    name: "read by id",
    request: (c) => kw(c, "stock.lot", "read", [[c.lotId]], { fields: LOT_FIELDS }),
  },
  {
    name: "read of an id that does not exist",
    request: (c) => kw(c, "stock.lot", "read", [[MISSING_ID]], { fields: LOT_FIELDS }),
  },
  {
    name: "read of an archived partner",
    request: (c) =>
      kw(c, "res.partner", "read", [[c.archivedPartnerId]], { fields: ["name", "active"] }),
  },
  {
    name: "search_count",
    request: (c) => kw(c, "stock.lot", "search_count", [[["product_id", "=", c.productId]]]),
  },
  {
    name: "search with limit and order",
    request: (c) =>
      kw(c, "stock.move.line", "search", [[["lot_id", "=", c.lotId]]], { limit: 5, order: "id" }),
  },
  {
    name: "fields_get with attributes",
    request: (c) =>
      kw(c, "stock.lot", "fields_get", [["name", "product_id"]], {
        attributes: ["type", "relation"],
      }),
  },
  {
    name: "unknown field in fields",
    request: (c) => kw(c, "stock.lot", "search_read", [[]], { fields: ["x_nope"], limit: 1 }),
  },
  {
    name: "unknown field in the domain",
    request: (c) => kw(c, "stock.lot", "search_read", [[["x_nope", "=", 1]]], { fields: ["name"] }),
  },
  {
    name: "invalid operator",
    request: (c) =>
      kw(c, "stock.lot", "search_read", [[["name", "~~", "x"]]], { fields: ["name"] }),
  },
  {
    name: "unknown field in order",
    request: (c) =>
      kw(c, "stock.lot", "search_read", [[]], { fields: ["name"], order: "x_nope desc" }),
  },
  {
    name: "unknown model",
    request: (c) => kw(c, "x.nope", "search_read", [[]], { fields: ["name"] }),
  },
  {
    name: "unknown method",
    request: (c) => kw(c, "stock.lot", "no_such_method", [[]]),
  },
  {
    name: "private method",
    request: (c) => kw(c, "stock.lot", "_search", [[]]),
  },
  {
    name: "a model the user may not read",
    request: (c) => kw(c, "mrp.bom", "search_read", [[]], { fields: ["code"] }),
  },
  {
    name: "a write the user may not make",
    request: (c) =>
      kw(c, "stock.lot", "create", [{ name: "CONF-PROBE-NEVER", product_id: c.productId }]),
  },
  {
    name: "execute_kw with a wrong key",
    request: (c) => kw(c, "stock.lot", "search_count", [[]], {}, { key: WRONG_KEY }),
  },
  {
    name: "execute_kw with a uid that does not exist",
    request: (c) => kw(c, "stock.lot", "search_count", [[]], {}, { uid: MISSING_ID }),
  },
  {
    name: "execute_kw with another user's uid",
    request: (c) => kw(c, "stock.lot", "search_count", [[]], {}, { uid: c.otherUid }),
  },
  {
    name: "unexpected keyword argument",
    request: (c) => kw(c, "stock.lot", "search_read", [[]], { fields: ["name"], nope: 1 }),
  },
  {
    name: "=ilike pattern ending in a backslash",
    request: (c) =>
      kw(c, "stock.lot", "search_read", [[["name", "=ilike", "AUR\\"]]], { fields: ["name"] }),
  },
  {
    name: "=ilike with an escaped underscore",
    request: (c) =>
      kw(c, "stock.lot", "search_read", [[["name", "=ilike", "aur\\_us-0013"]]], {
        fields: ["name"],
      }),
  },
  {
    name: "search_read without fields",
    request: (c) => kw(c, "res.partner", "search_read", [[["id", "=", c.partnerId]]]),
  },
  {
    name: "check_access_rights without raising",
    request: (c) =>
      kw(c, "stock.lot", "check_access_rights", ["write"], { raise_exception: false }),
  },
  {
    name: "check_access_rights raising",
    request: (c) => kw(c, "stock.lot", "check_access_rights", ["write"]),
  },
  {
    name: "has_access on no records",
    since: 18,
    request: (c) => kw(c, "stock.lot", "has_access", [[], "read"]),
  },
  {
    name: "has_access without the records argument",
    since: 18,
    request: (c) => kw(c, "stock.lot", "has_access", ["read"]),
  },
  {
    name: "search with count=True",
    request: (c) => kw(c, "stock.lot", "search", [[]], { count: true }),
  },
  {
    name: "GET /web/version",
    request: () => ({ method: "GET", path: "/web/version", headers: {}, body: "" }),
  },

  // JSON-2 (Odoo 19+): the statuses and bodies odoo-client maps.
  ...(
    [
      {
        name: "search_read",
        request: (c) =>
          json2(c, "stock.lot", "search_read", {
            domain: [["id", "=", c.lotId]],
            fields: LOT_FIELDS,
          }),
      },
      {
        name: "read with ids",
        request: (c) => json2(c, "stock.lot", "read", { ids: [c.lotId], fields: LOT_FIELDS }),
      },
      {
        name: "search_count",
        request: (c) =>
          json2(c, "stock.lot", "search_count", { domain: [["product_id", "=", c.productId]] }),
      },
      {
        name: "has_access with ids",
        request: (c) => json2(c, "stock.lot", "has_access", { ids: [], operation: "read" }),
      },
      {
        name: "no Authorization header",
        request: (c) =>
          json2(c, "stock.lot", "search_count", { domain: [] }, { authorization: undefined }),
      },
      {
        name: "a wrong API key",
        request: (c) =>
          json2(
            c,
            "stock.lot",
            "search_count",
            { domain: [] },
            { authorization: `bearer ${WRONG_KEY}` },
          ),
      },
      {
        name: "a database that does not exist",
        request: (c) =>
          json2(
            c,
            "stock.lot",
            "search_count",
            { domain: [] },
            { "x-odoo-database": `${c.db}_missing` },
          ),
      },
      {
        name: "unknown model",
        request: (c) => json2(c, "x.nope", "search_count", { domain: [] }),
      },
      {
        name: "unknown method",
        request: (c) => json2(c, "stock.lot", "no_such_method", {}),
      },
      {
        name: "private method",
        request: (c) => json2(c, "stock.lot", "_search", { domain: [] }),
      },
      {
        name: "unexpected argument",
        request: (c) => json2(c, "stock.lot", "search_count", { domain: [], nope: 1 }),
      },
      {
        name: "a list body",
        request: (c) => json2(c, "stock.lot", "search_count", [[]]),
      },
      {
        name: "a body that is not JSON",
        request: (c) => json2(c, "stock.lot", "search_count", "{not json"),
      },
      {
        name: "unknown field in fields",
        request: (c) => json2(c, "stock.lot", "search_read", { domain: [], fields: ["x_nope"] }),
      },
      {
        name: "unknown field in the domain",
        request: (c) =>
          json2(c, "stock.lot", "search_read", { domain: [["x_nope", "=", 1]], fields: ["name"] }),
      },
      {
        name: "a model the user may not read",
        request: (c) => json2(c, "mrp.bom", "search_read", { domain: [], fields: ["code"] }),
      },
      {
        name: "a write the user may not make",
        request: (c) =>
          json2(c, "stock.lot", "create", {
            vals_list: [{ name: "CONF-PROBE-NEVER", product_id: c.productId }],
          }),
      },
      {
        name: "ids for a model method",
        request: (c) => json2(c, "stock.lot", "search_count", { ids: [c.lotId], domain: [] }),
      },
      {
        name: "GET instead of POST",
        request: () => ({
          method: "GET",
          path: "/json/2/stock.lot/search_count",
          headers: {},
          body: "",
        }),
      },
    ] satisfies Probe[]
  ).map((probe) => ({ ...probe, name: `json2 ${probe.name}`, since: 19 })),
];

export function probesFor(major: number): Probe[] {
  return PROBES.filter((probe) => (probe.since ?? 0) <= major && major <= (probe.until ?? 99));
}
