/**
 * The web client's read methods as each version has them (addons/web/models/models.py):
 * `web_search_read` (14-19, a field list before 17, a specification from 17) and `web_read`
 * (17-19), answering `{length, records}` (README "web_search_read and web_read").
 */
import type { ModelView } from "../profiles.ts";
import type { WireRecord, WireValue } from "../read.ts";
import {
  bindArguments,
  isDict,
  type Parameter,
  type PyDict,
  pyTruthy,
  RaisedInMethod,
  requireDict,
  typeError,
} from "./python.ts";
import { type ReadEnv, unknownField, webRead } from "./spec.ts";

/** The ORM services the web methods run on, bound to one user. */
export interface WebOrm extends ReadEnv {
  /** Every id matching the domain in this context, sorted by `order` (no access check on the model). */
  search(model: ModelView, domain: unknown, context: PyDict, order: unknown): number[];
  /** Another ORM method of this model, as `execute_kw` would run it. */
  call(method: string, args: unknown[], kwargs: PyDict): WireValue;
}

const required = (name: string): Parameter => ({ name, required: true });
const optional = (name: string): Parameter => ({ name, required: false });

const SPECIFICATION_PARAMETERS = [
  required("domain"),
  required("specification"),
  optional("offset"),
  optional("limit"),
  optional("order"),
  optional("count_limit"),
];
const FIELD_LIST_PARAMETERS = [
  optional("domain"),
  optional("fields"),
  optional("offset"),
  optional("limit"),
  optional("order"),
];

/** Whether this version answers the method here (else the ORM's unknown-method answer). */
export const isWebMethod = (method: string, version: number): boolean =>
  method === "web_search_read" || (method === "web_read" && version >= 17);

const count = (value: unknown, name: string): number => {
  if (value === undefined || value === null || value === false) return 0;
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw typeError(`${name} must be a non-negative integer`);
  }
  return value as number;
};

interface Page {
  records: WireRecord[];
  offset: number;
  limit: number;
  countLimit: number;
  total: () => number;
  context: PyDict;
}

/** `_format_web_search_read_results` (16+; 14-15 have no count_limit, so it is 0 there). */
const formatResults = ({ records, offset, limit, countLimit, total, context }: Page) => {
  if (records.length === 0) return { length: 0, records: [] };
  const current = records.length + offset;
  const limitReached = records.length === limit;
  const countLimitReached = countLimit > 0 && countLimit <= current;
  const force = pyTruthy(context.force_search_count);
  const length =
    limit > 0 && ((limitReached && !countLimitReached) || force)
      ? countLimit > 0
        ? Math.min(total(), countLimit)
        : total()
      : current;
  return { length, records };
};

/** Odoo 17 answers a domain that is false by construction (`[(f, 'in', [])]`) without reading. */
const falseByConstruction = (domain: unknown): boolean =>
  Array.isArray(domain) &&
  domain.every((term) => Array.isArray(term)) &&
  domain.some(
    (term) =>
      (term[0] === 0 && term[1] === "=" && term[2] === 1) ||
      (String(term[1]).toLowerCase() === "in" && Array.isArray(term[2]) && term[2].length === 0),
  );

const webSearchRead = (orm: WebOrm, model: ModelView, bound: PyDict, context: PyDict) => {
  const { specification, domain } = bound;
  const names = Object.keys(requireDict(specification, "keys"));
  orm.checkRead(model);
  const found = orm.search(model, domain, context, bound.order);
  const skipsFetch = orm.profile.version === 17 && falseByConstruction(domain);
  const unknown = names.find((name) => !model.fields.has(name));
  if (unknown !== undefined && !skipsFetch) throw unknownField(orm.profile, unknown, model);
  const offset = count(bound.offset, "offset");
  const limit = count(bound.limit, "limit");
  const ids = skipsFetch ? [] : found.slice(offset, limit > 0 ? offset + limit : undefined);
  return formatResults({
    records: webRead(orm, model, ids, specification, context),
    offset,
    limit,
    countLimit: count(bound.count_limit, "count_limit"),
    total: () => found.length,
    context,
  });
};

/** 14-16: a `search_read` and, for a full page, a `search_count`. */
const fieldListSearchRead = (orm: WebOrm, bound: PyDict, context: PyDict) => {
  const { domain, fields, offset, limit, order } = bound;
  const records = orm.call("search_read", [], {
    domain: domain ?? [],
    fields: isDict(fields) ? Object.keys(fields) : (fields ?? []),
    offset: offset ?? 0,
    limit: limit ?? false,
    order: order ?? false,
    context,
  }) as WireRecord[];
  return formatResults({
    records,
    offset: count(offset, "offset"),
    limit: count(limit, "limit"),
    countLimit: count(bound.count_limit, "count_limit"),
    total: () => orm.call("search_count", [], { domain: domain ?? [], context }) as number,
    context,
  });
};

const recordIds = (value: unknown): number[] => {
  if (value === false || value === null || value === undefined) return [];
  const ids = Array.isArray(value) ? value : [value];
  if (!ids.every((id) => Number.isInteger(id))) throw typeError("web_read() expects a list of ids");
  return ids as number[];
};

/** `web_search_read` / `web_read` after the model and the user's credentials were checked. */
export const callWebMethod = (
  orm: WebOrm,
  model: ModelView,
  method: string,
  args: unknown,
  kwargs: unknown,
): WireValue => {
  const positional = Array.isArray(args) ? args : [];
  const { context: rawContext, ...keywords } = isDict(kwargs) ? kwargs : {};
  const context = isDict(rawContext) ? rawContext : {};
  const version = orm.profile.version;
  if (method === "web_search_read") {
    if (version >= 17) {
      const bound = bindArguments(method, SPECIFICATION_PARAMETERS, positional, keywords);
      return webSearchRead(orm, model, bound, context);
    }
    const parameters =
      version === 16 ? [...FIELD_LIST_PARAMETERS, optional("count_limit")] : FIELD_LIST_PARAMETERS;
    return fieldListSearchRead(
      orm,
      bindArguments(method, parameters, positional, keywords),
      context,
    );
  }
  // web_read is a record method: JSON-2 names the records `ids`; Python calls take them first.
  let ids: unknown = keywords.ids;
  let rest = positional;
  if ("ids" in keywords) {
    delete keywords.ids;
  } else {
    if (positional.length === 0) {
      // odoo.service.model.call_kw_multi: `ids, args = args[0], args[1:]`.
      const sequence = version >= 18 ? "list" : "tuple";
      throw new RaisedInMethod("builtins.IndexError", `${sequence} index out of range`);
    }
    [ids, ...rest] = positional;
  }
  const bound = bindArguments(method, [required("specification")], rest, keywords);
  return webRead(orm, model, recordIds(ids), bound.specification, context);
};
