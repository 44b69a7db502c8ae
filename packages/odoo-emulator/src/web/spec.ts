/**
 * `web_read(specification)` as Odoo 17-19 implement it (addons/web/models/models.py), the
 * reading half of `web_search_read`: the rules, case by case, are in the README "web_search_read
 * and web_read". No validation: odd specifications fail as Python does (python.ts).
 */
import { OdooFault } from "../errors.ts";
import type { ModelView, VersionProfile } from "../profiles.ts";
import { pyRepr } from "../py.ts";
import { readRecord, sortIds, type WireRecord } from "../read.ts";
import type { Store } from "../store.ts";
import {
  contextMapping,
  isDict,
  type PyDict,
  pyDict,
  pyGetItem,
  pyIn,
  pyList,
  pySliceEnd,
  pyTruthy,
  RaisedInMethod,
  requireDict,
} from "./python.ts";

/** What reading needs from the ORM, for one user. */
export interface ReadEnv {
  readonly store: Store;
  readonly profile: VersionProfile;
  readonly uid: number;
  /** Raises Odoo's AccessError unless the user may read the model. */
  checkRead(model: ModelView): void;
}

const unique = (ids: readonly number[]): number[] => [...new Set(ids)];

const isX2many = (model: ModelView, name: string): boolean => {
  const type = model.fields.get(name)?.def.type;
  return type === "one2many" || type === "many2many";
};

const activeTest = (context: PyDict): boolean => pyTruthy(context.active_test ?? true);

/** Odoo 18+ words it without "model" (`_determine_fields_to_fetch`); 17 with. */
export const unknownField = (profile: VersionProfile, name: unknown, model: ModelView) =>
  new RaisedInMethod(
    "builtins.ValueError",
    profile.version >= 18
      ? `Invalid field ${pyRepr(name)} on ${pyRepr(model.external)}`
      : `Invalid field ${pyRepr(name)} on model ${pyRepr(model.external)}`,
  );

/** `read(names, load=None)`, with the errors and x2many filtering Odoo applies. */
const readValues = (
  env: ReadEnv,
  model: ModelView,
  ids: readonly number[],
  names: readonly unknown[],
  context: PyDict,
): WireRecord[] => {
  const { profile, store } = env;
  const fields = names.flatMap((name) => {
    const field = typeof name === "string" ? model.fields.get(name) : undefined;
    return field ? [field] : [];
  });
  if (fields.length < names.length) {
    const unknown = names.find((name) => typeof name !== "string" || !model.fields.has(name));
    // Odoo 17 formats an empty recordset without fetching: `self._fields[name]` raises KeyError.
    if (ids.length === 0 && profile.version === 17) {
      throw new RaisedInMethod("builtins.KeyError", pyRepr(unknown));
    }
    throw unknownField(profile, unknown, model);
  }
  if (ids.length === 0) return [];
  env.checkRead(model);
  for (const field of fields) {
    if (!isX2many(model, field.external) || !field.def.relation) continue;
    // Reading an x2many searches its comodel.
    try {
      env.checkRead(profile.internal(field.def.relation));
    } catch (error) {
      if (!(error instanceof OdooFault) || profile.version < 19) throw error;
      throw new OdooFault(
        error.exceptionName,
        `Failed to read field ${model.external}.${field.external}\n${error.message}`,
      );
    }
  }
  const hideArchived = activeTest(context);
  return ids
    .filter((id) => store.exists(model.internal, id))
    .map((id) => {
      const values = readRecord(store, profile, model, fields, id, false);
      for (const field of fields) {
        const comodel = field.def.relation ? profile.internal(field.def.relation) : undefined;
        if (!isX2many(model, field.external) || !comodel?.hasActive || !hideArchived) continue;
        values[field.external] = (values[field.external] as number[]).filter(
          (target) => store.value(comodel.internal, target, "active") !== false,
        );
      }
      return values;
    });
};

/** `self[field_name]` on records that include deleted ids raises MissingError. */
const requireExisting = (env: ReadEnv, model: ModelView, ids: readonly number[]): void => {
  const missing = ids.find((id) => !env.store.exists(model.internal, id));
  if (missing === undefined) return;
  throw new OdooFault(
    "odoo.exceptions.MissingError",
    `Record does not exist or has been deleted.\n(Record: ${model.external}(${missing},), User: ${env.uid})`,
  );
};

const withFieldContext = (env: ReadEnv, context: PyDict, fieldSpec: unknown): PyDict =>
  pyIn("context", fieldSpec)
    ? { ...context, ...contextMapping(pyGetItem(fieldSpec, "context"), env.profile.version) }
    : context;

const readMany2one = (
  env: ReadEnv,
  comodel: ModelView,
  name: string,
  fieldSpec: unknown,
  values: WireRecord[],
  context: PyDict,
): void => {
  const coIds = unique(
    values.map((v) => v[name]).filter((v): v is number => typeof v === "number"),
  );
  const coContext = withFieldContext(env, context, fieldSpec);
  const fields = pyGetItem(fieldSpec, "fields");
  const extra = pyDict(fields);
  delete extra.display_name;
  const data = new Map(webRead(env, comodel, coIds, extra, coContext).map((v) => [v.id, v]));
  if (pyIn("display_name", fields)) {
    // Odoo reads it as superuser: no access check on the comodel.
    for (const id of coIds) {
      const record = data.get(id);
      if (record)
        record.display_name = String(env.store.value(comodel.internal, id, "display_name"));
    }
  }
  for (const record of values) {
    const id = record[name];
    if (typeof id === "number") record[name] = data.get(id) ?? false;
  }
};

const readX2many = (
  env: ReadEnv,
  comodel: ModelView,
  name: string,
  fieldSpec: unknown,
  values: WireRecord[],
  context: PyDict,
): void => {
  const idsOf = (record: WireRecord) => record[name] as number[];
  let coIds = unique(values.flatMap(idsOf));
  if (pyIn("order", fieldSpec) && pyTruthy(pyGetItem(fieldSpec, "order"))) {
    // 18+ re-sorts with active_test=False; 17 in the caller's context, dropping archived ids.
    const hide = env.profile.version < 18 && activeTest(context) && comodel.hasActive;
    const visible = hide
      ? coIds.filter((id) => env.store.value(comodel.internal, id, "active") !== false)
      : coIds;
    coIds = sortIds(env.store, env.profile, comodel, visible, pyGetItem(fieldSpec, "order"));
    const rank = new Map(coIds.map((id, index) => [id, index]));
    for (const record of values) {
      record[name] = idsOf(record)
        .filter((id) => rank.has(id))
        .sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
    }
  }
  const coContext = withFieldContext(env, context, fieldSpec);
  if (!pyIn("fields", fieldSpec)) return;
  if (!isDict(fieldSpec)) {
    throw new RaisedInMethod(
      "builtins.AttributeError",
      `'${Array.isArray(fieldSpec) ? "list" : "str"}' object has no attribute 'get'`,
    );
  }
  let toRead = coIds;
  if (fieldSpec.limit !== undefined && fieldSpec.limit !== null) {
    const end = pySliceEnd(fieldSpec.limit);
    toRead = unique(values.flatMap((record) => idsOf(record).slice(0, end)));
  }
  const data = new Map(
    webRead(env, comodel, toRead, fieldSpec.fields, coContext).map((v) => [v.id, v]),
  );
  for (const record of values) {
    record[name] = idsOf(record).map((id) => data.get(id) ?? { id });
  }
};

/** `records.web_read(specification)` for the records `ids` (in that order, duplicates kept). */
export const webRead = (
  env: ReadEnv,
  model: ModelView,
  ids: readonly number[],
  specification: unknown,
  context: PyDict,
): WireRecord[] => {
  const listed = pyList(specification);
  const names = listed.length > 0 ? listed : ["id"];
  const values: WireRecord[] =
    names.length === 1 && names[0] === "id"
      ? ids.map((id) => ({ id }))
      : readValues(env, model, ids, names, context);
  if (values.length === 0) return values;
  for (const [name, fieldSpec] of Object.entries(requireDict(specification, "items"))) {
    const field = model.fields.get(name);
    const relation = field?.def.relation;
    if (!field || !relation) continue;
    const comodel = env.profile.internal(relation);
    if (field.def.type === "many2one") {
      if (!pyIn("fields", fieldSpec)) continue;
      requireExisting(env, model, ids);
      readMany2one(env, comodel, name, fieldSpec, values, context);
    } else if (pyTruthy(fieldSpec)) {
      requireExisting(env, model, ids);
      readX2many(env, comodel, name, fieldSpec, values, context);
    }
  }
  return values;
};
