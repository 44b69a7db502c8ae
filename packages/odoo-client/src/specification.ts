import { comodelOf } from "./relations.ts";
import { toCanonicalRecord, toServerField, toServerOrder } from "./translate.ts";
import type { FieldSpec, Specification } from "./types.ts";
import type { ServerProfile } from "./versions.ts";

/**
 * `web_read` specifications (Odoo 17+, `addons/web/models/models.py`) name fields model by
 * model: each nested `fields` belongs to the comodel of its field. Like dotted domain paths,
 * a specification is rewritten hop by hop into the server's names, and the nested answer back.
 */
export function toServerSpecification(
  profile: ServerProfile,
  model: string,
  specification: Specification,
): Record<string, unknown> {
  const dropped = profile.droppedFields[model] ?? [];
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specification)) {
    // A field this server does not have would fail the whole read: it is answered `false`.
    if (dropped.includes(name)) continue;
    out[toServerField(profile, model, name)] = toServerFieldSpec(
      profile,
      comodelOf(model, name),
      spec,
    );
  }
  return out;
}

function toServerFieldSpec(
  profile: ServerProfile,
  comodel: string | undefined,
  spec: FieldSpec,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (spec.fields !== undefined) {
    out.fields =
      comodel === undefined ? spec.fields : toServerSpecification(profile, comodel, spec.fields);
  }
  if (spec.order !== undefined) {
    out.order = comodel === undefined ? spec.order : toServerOrder(profile, comodel, spec.order);
  }
  if (spec.limit !== undefined) out.limit = spec.limit;
  if (spec.context !== undefined) out.context = { ...spec.context };
  return out;
}

/**
 * One record of a `web_read` answer in the newest names, nested records included: a many2one
 * read with `fields` is a dict (or `false`), an x2many with `fields` a list of dicts. Fields the
 * server does not have come back as `false`, as `read()` answers them.
 */
export function toCanonicalSpecRecord<T>(
  profile: ServerProfile,
  model: string,
  record: unknown,
  specification: Specification,
): T {
  const dropped = (profile.droppedFields[model] ?? []).filter((name) => name in specification);
  const out = toCanonicalRecord<Record<string, unknown>>(profile, model, record, dropped);
  if (typeof out !== "object" || out === null) return out as T;
  for (const [name, spec] of Object.entries(specification)) {
    const nested = spec.fields;
    const comodel = comodelOf(model, name);
    const value = out[name];
    if (nested === undefined || comodel === undefined) continue;
    if (Array.isArray(value)) {
      out[name] = value.map((item) => toCanonicalSpecRecord(profile, comodel, item, nested));
    } else if (typeof value === "object" && value !== null) {
      out[name] = toCanonicalSpecRecord(profile, comodel, value, nested);
    }
  }
  return out as T;
}
