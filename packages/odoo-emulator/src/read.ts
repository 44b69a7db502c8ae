/** Values as read()/search_read() return them, fields_get output, and `order` handling. */
import { invalidField, invalidReadField, OdooFault } from "./errors.ts";
import type { FieldView, ModelView, VersionProfile } from "./profiles.ts";
import { isEmpty, type Value } from "./schema/index.ts";
import type { Store } from "./store.ts";
import { PyFloat } from "./values.ts";

export type WireValue =
  | string
  | number
  | boolean
  | PyFloat
  | WireValue[]
  | { [key: string]: WireValue };
export type WireRecord = Record<string, WireValue>;

/** Resolves requested field names (wire names); empty or missing means every field. */
export const resolveFields = (model: ModelView, fields: unknown, version: number): FieldView[] => {
  if (fields === undefined || fields === null || fields === false)
    return [...model.fields.values()];
  if (!Array.isArray(fields))
    throw new OdooFault("builtins.TypeError", "fields must be a list of field names");
  if (fields.length === 0) return [...model.fields.values()];
  return fields.map((name) => {
    const field = typeof name === "string" ? model.fields.get(name) : undefined;
    if (!field) throw invalidReadField(String(name), model.external, version);
    return field;
  });
};

export const fieldValue = (
  store: Store,
  profile: VersionProfile,
  model: ModelView,
  field: FieldView,
  id: number,
): Value => {
  const value = store.value(model.internal, id, field.internal);
  const adjust = field.def.versionValue;
  return adjust ? adjust(value, profile.version, store.record(model.internal, id)) : value;
};

/** Odoo's convert_to_read: many2one [id, display_name] (or the id with load=None), empty -> false. */
export const readRecord = (
  store: Store,
  profile: VersionProfile,
  model: ModelView,
  fields: readonly FieldView[],
  id: number,
  classicLoad: boolean,
): WireRecord => {
  const record: WireRecord = { id };
  for (const field of fields) {
    const value = fieldValue(store, profile, model, field, id);
    const { type, relation } = field.def;
    if (type === "many2one") {
      record[field.external] =
        typeof value !== "number"
          ? false
          : classicLoad && relation
            ? [value, String(store.value(relation, value, "display_name"))]
            : value;
    } else if (type === "one2many" || type === "many2many") {
      record[field.external] = Array.isArray(value) ? value : [];
    } else if (type === "float" || type === "monetary") {
      record[field.external] = new PyFloat(typeof value === "number" ? value : 0);
    } else if (type === "integer") {
      record[field.external] = typeof value === "number" ? value : 0;
    } else if (type === "boolean") {
      record[field.external] = value === true;
    } else {
      record[field.external] = isEmpty(value) ? false : (value as string);
    }
  }
  return record;
};

const ATTRIBUTES = [
  "type",
  "string",
  "name",
  "help",
  "readonly",
  "required",
  "store",
  "searchable",
  "sortable",
  "manual",
  "company_dependent",
  "depends",
  "relation",
  "relation_field",
  "selection",
  "context",
  "domain",
] as const;

/** fields_get: {field: {type, string, relation, readonly, required, store, ...}} like Odoo. */
export const fieldsGet = (
  profile: VersionProfile,
  model: ModelView,
  allfields: unknown,
  attributes: unknown,
): Record<string, Record<string, WireValue>> => {
  const wantedFields =
    Array.isArray(allfields) && allfields.length > 0 ? new Set(allfields) : undefined;
  const wantedAttributes =
    Array.isArray(attributes) && attributes.length > 0 ? new Set(attributes) : undefined;
  const result: Record<string, Record<string, WireValue>> = {};
  for (const field of model.fields.values()) {
    if (wantedFields && !wantedFields.has(field.external)) continue;
    const def = field.def;
    const stored = !def.compute && def.type !== "one2many" && field.internal !== "display_name";
    const info: Record<string, WireValue> = {
      type: def.declaredType ?? def.type,
      string: def.manual ? field.external : def.string,
      name: field.external,
      readonly: def.readonly ?? Boolean(def.compute),
      required: def.required ?? false,
      store: stored,
      searchable: true,
      sortable: stored && def.type !== "one2many" && def.type !== "many2many",
      manual: def.manual ?? false,
      company_dependent: false,
      depends: [],
    };
    if (def.relation) {
      info.relation = profile.internal(def.relation).external;
      info.context = {};
      info.domain = [];
    }
    if (def.type === "one2many" && def.inverse && def.relation) {
      const inverse = profile.internal(def.relation).byInternal.get(def.inverse);
      info.relation_field = inverse?.external ?? def.inverse;
    }
    const selection = profile.selection(def);
    if (def.type === "selection" && selection) info.selection = selection.map(([k, v]) => [k, v]);
    result[field.external] = wantedAttributes
      ? Object.fromEntries(
          ATTRIBUTES.filter((a) => wantedAttributes.has(a) && a in info).map((a) => [
            a,
            info[a] as WireValue,
          ]),
        )
      : info;
  }
  return result;
};

const ORDER_TERM = /^\s*([a-z0-9_]+)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i;

interface OrderKey {
  field: FieldView;
  desc: boolean;
  nullsFirst: boolean;
}

const parseOrder = (model: ModelView, order: string): OrderKey[] =>
  order.split(",").map((term) => {
    const match = ORDER_TERM.exec(term);
    if (!match) {
      throw new OdooFault(
        "builtins.ValueError",
        `Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
      );
    }
    const field = model.fields.get(match[1] as string);
    if (!field) throw invalidField(match[1] as string, model.external);
    const desc = match[2]?.toLowerCase() === "desc";
    // PostgreSQL: NULLS LAST for ASC, NULLS FIRST for DESC unless told otherwise.
    const nullsFirst = match[3] ? match[3].toLowerCase() === "first" : desc;
    return { field, desc, nullsFirst };
  });

type Comparator = (a: number, b: number) => number;

/**
 * Compares records by `keys`; a many2one compares the related records by their model's own
 * order (Odoo joins the comodel and sorts by its `_order`), or by display name when the emulator
 * does not model that order; ties are left to the caller.
 */
const comparator = (
  store: Store,
  profile: VersionProfile,
  model: ModelView,
  keys: readonly OrderKey[],
  depth = 0,
): Comparator => {
  const sortValue = (id: number, field: FieldView): string | number | undefined => {
    const value = fieldValue(store, profile, model, field, id);
    if (field.def.type === "many2one" && typeof value === "number" && field.def.relation) {
      return String(store.value(field.def.relation, value, "display_name"));
    }
    if (typeof value === "boolean") return field.def.type === "boolean" ? Number(value) : undefined;
    if (Array.isArray(value) || value === "") return undefined;
    return value;
  };
  return (a, b) => {
    for (const { field, desc, nullsFirst } of keys) {
      const relation = field.def.type === "many2one" ? field.def.relation : undefined;
      const comodelOrder = relation ? profile.internal(relation).def.order : undefined;
      let cmp: number;
      if (relation && comodelOrder && depth < 3) {
        const va = fieldValue(store, profile, model, field, a);
        const vb = fieldValue(store, profile, model, field, b);
        if (va === vb) continue;
        if (typeof va !== "number") return nullsFirst ? -1 : 1;
        if (typeof vb !== "number") return nullsFirst ? 1 : -1;
        const comodel = profile.internal(relation);
        cmp = comparator(
          store,
          profile,
          comodel,
          parseOrder(comodel, comodelOrder),
          depth + 1,
        )(va, vb);
        if (cmp === 0) cmp = va - vb;
      } else {
        const va = sortValue(a, field);
        const vb = sortValue(b, field);
        if (va === vb) continue;
        if (va === undefined) return nullsFirst ? -1 : 1;
        if (vb === undefined) return nullsFirst ? 1 : -1;
        cmp = va < vb ? -1 : 1;
      }
      if (cmp !== 0) return desc ? -cmp : cmp;
    }
    return 0;
  };
};

/** Sorts ids by an Odoo `order` ("name asc, date desc"); ties broken by id (Odoo's default order here is `id`). */
export const sortIds = (
  store: Store,
  profile: VersionProfile,
  model: ModelView,
  ids: number[],
  order: unknown,
): number[] => {
  if (order === undefined || order === null || order === false || order === "") return ids;
  if (typeof order !== "string")
    throw new OdooFault("builtins.ValueError", `Invalid "order" specified (${String(order)})`);
  const compare = comparator(store, profile, model, parseOrder(model, order));
  return [...ids].sort((a, b) => compare(a, b) || a - b);
};
