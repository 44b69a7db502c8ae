import { comodelOf } from "./relations.ts";
import type { Domain, DomainTerm, OdooFieldInfo } from "./types.ts";
import type { ServerProfile } from "./versions.ts";

/**
 * Callers speak the newest names; these functions rewrite a request into the server's names and
 * the answer back. Only the renames in the profile apply, so on the newest server they are no-ops.
 */

export function toServerModel(profile: ServerProfile, model: string): string {
  return profile.models[model] ?? model;
}

export function toCanonicalModel(profile: ServerProfile, serverModel: string): string {
  for (const [canonical, server] of Object.entries(profile.models)) {
    if (server === serverModel) return canonical;
  }
  return serverModel;
}

export function toServerField(profile: ServerProfile, model: string, field: string): string {
  return profile.fields[model]?.[field] ?? field;
}

export interface TranslatedFields {
  fields: string[];
  /** Requested fields this server does not have: answered as `false` (Odoo's empty value). */
  dropped: string[];
}

export function toServerFields(
  profile: ServerProfile,
  model: string,
  fields: readonly string[],
): TranslatedFields {
  const droppable = profile.droppedFields[model] ?? [];
  const out: TranslatedFields = { fields: [], dropped: [] };
  for (const field of fields) {
    if (droppable.includes(field)) out.dropped.push(field);
    else out.fields.push(toServerField(profile, model, field));
  }
  return out;
}

/** `move_line_ids.lot_id.name` on stock.picking: rename each hop in its own model's names. */
export function toServerPath(profile: ServerProfile, model: string, path: string): string {
  const segments = path.split(".");
  let current: string | undefined = model;
  return segments
    .map((segment) => {
      if (current === undefined) return segment;
      const renamed = toServerField(profile, current, segment);
      current = comodelOf(current, segment);
      return renamed;
    })
    .join(".");
}

export function toServerDomain(profile: ServerProfile, model: string, domain: Domain): unknown[] {
  return domain.map((item) => {
    if (typeof item === "string") return item;
    const [path, operator, value] = item as DomainTerm;
    let serverValue = value;
    // `any` / `not any` (Odoo 17+) take a sub-domain on the comodel of the path's last hop.
    if ((operator === "any" || operator === "not any") && Array.isArray(value)) {
      const comodel = comodelAtEnd(model, path);
      if (comodel !== undefined) serverValue = toServerDomain(profile, comodel, value as Domain);
    }
    return [toServerPath(profile, model, path), operator, serverValue];
  });
}

function comodelAtEnd(model: string, path: string): string | undefined {
  let current: string | undefined = model;
  for (const segment of path.split(".")) {
    if (current === undefined) return undefined;
    current = comodelOf(current, segment);
  }
  return current;
}

/** `"date desc, id"`: rename the field of each clause, keep direction and `nulls` words. */
export function toServerOrder(profile: ServerProfile, model: string, order: string): string {
  return order
    .split(",")
    .map((clause) => {
      const trimmed = clause.trim();
      const [field = "", ...rest] = trimmed.split(/\s+/);
      return [toServerPath(profile, model, field), ...rest].join(" ");
    })
    .join(", ");
}

/** Renames server keys back to canonical ones and fills dropped fields with `false`. */
export function toCanonicalRecord<T>(
  profile: ServerProfile,
  model: string,
  record: unknown,
  dropped: readonly string[],
): T {
  if (typeof record !== "object" || record === null) return record as T;
  const renames = profile.fields[model];
  const out: Record<string, unknown> = {};
  const reverse = new Map<string, string>();
  if (renames !== undefined) {
    for (const [canonical, server] of Object.entries(renames)) reverse.set(server, canonical);
  }
  for (const [key, value] of Object.entries(record)) {
    out[reverse.get(key) ?? key] = value;
  }
  for (const field of dropped) if (!(field in out)) out[field] = false;
  return out as T;
}

export function toCanonicalFieldsGet(
  profile: ServerProfile,
  model: string,
  result: unknown,
): Record<string, OdooFieldInfo> {
  const renamed = toCanonicalRecord<Record<string, unknown>>(profile, model, result, []);
  const out: Record<string, OdooFieldInfo> = {};
  for (const [name, info] of Object.entries(renamed)) {
    if (typeof info === "object" && info !== null) {
      const field = { ...(info as OdooFieldInfo) };
      if (typeof field.relation === "string") {
        field.relation = toCanonicalModel(profile, field.relation);
      }
      out[name] = field;
    }
  }
  return out;
}
