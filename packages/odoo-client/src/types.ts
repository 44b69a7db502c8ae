/** Models the project reads, in the newest (canonical) names; any other name is allowed too. */
export type KnownModel =
  | "res.company"
  | "res.partner"
  | "res.country"
  | "res.country.state"
  | "res.users"
  | "product.template"
  | "product.product"
  | "mrp.bom"
  | "mrp.bom.line"
  | "stock.location"
  | "stock.picking.type"
  | "stock.picking"
  | "stock.move"
  | "stock.move.line"
  | "stock.lot"
  | "stock.quant"
  | "sale.order"
  | "sale.order.line";

// `string & {}` keeps editor completion for the known names while accepting any model.
export type ModelName = KnownModel | (string & {});

export type DomainOperator =
  | "="
  | "!="
  | ">"
  | ">="
  | "<"
  | "<="
  | "=?"
  | "like"
  | "not like"
  | "ilike"
  | "not ilike"
  | "=like"
  | "=ilike"
  | "in"
  | "not in"
  | "child_of"
  | "parent_of"
  | "any"
  | "not any";

export type DomainTerm = readonly [
  field: string,
  operator: DomainOperator | (string & {}),
  value: unknown,
];
export type DomainLogic = "&" | "|" | "!";
/** Odoo domain in prefix notation; terms are implicitly ANDed. */
export type Domain = readonly (DomainLogic | DomainTerm)[];

export interface OdooRecord {
  id: number;
  [field: string]: unknown;
}

export interface OdooFieldInfo {
  type: string;
  string?: string;
  relation?: string;
  required?: boolean;
  readonly?: boolean;
  store?: boolean;
  [attribute: string]: unknown;
}

export interface ServerVersion {
  /** e.g. "17.0" or "saas~17.2" */
  version: string;
  major: number;
  /** server_version_info as Odoo sends it, e.g. [17, 0, 0, "final", 0, ""] */
  info: readonly (number | string)[];
}

export type AccessOperation = "read" | "write" | "create" | "unlink";

export interface CallOptions {
  signal?: AbortSignal;
  /** Epoch milliseconds after which the call fails with ODOO_TIMEOUT (retries included). */
  deadline?: number;
  /** Merged into the call's kwargs context, e.g. `{ active_test: false }`. */
  context?: Record<string, unknown>;
}

export interface SearchReadOptions {
  fields: readonly string[];
  limit?: number;
  offset?: number;
  order?: string;
}

/**
 * How `web_read` / `web_search_read` (Odoo 17+) read one field: a many2one or x2many with
 * `fields` comes back nested (`{id, ...}`), `context` applies to the comodel (e.g.
 * `active_test`), and an x2many takes `limit` and `order` (ids past the limit come back as
 * `{id}` only, as Odoo's web client expects). An empty spec reads the plain value.
 */
export interface FieldSpec {
  readonly fields?: Specification;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly limit?: number;
  readonly order?: string;
}

/** Field name -> how to read it, in the newest (canonical) names of its model. */
export type Specification = { readonly [field: string]: FieldSpec };

export interface WebSearchReadOptions {
  limit?: number;
  offset?: number;
  order?: string;
}
