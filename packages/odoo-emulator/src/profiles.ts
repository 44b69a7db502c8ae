/**
 * Version profiles: which model and field names a given Odoo version shows on the wire.
 *
 * The schema and fixtures use the newest names; a profile maps them for one version
 * (see docs/architecture.md):
 * `stock.production.lot` <= 15, `qty_done` <= 16, `move_lines` <= 15, `product_uom` <= 18,
 * no `mobile` in 19, sale.order `done` <= 16, `has_access` >= 18.
 */
import type { FieldDef, ModelDef, OdooVersion, Schema, Selection } from "./schema/index.ts";

export interface FieldView {
  /** Name on the wire for this version. */
  readonly external: string;
  /** Name in the schema and fixtures (newest). */
  readonly internal: string;
  readonly def: FieldDef;
}

export interface ModelView {
  readonly external: string;
  readonly internal: string;
  readonly def: ModelDef;
  /** Fields by wire name. */
  readonly fields: ReadonlyMap<string, FieldView>;
  /** Fields by schema name. */
  readonly byInternal: ReadonlyMap<string, FieldView>;
  /** Models with an `active` field hide archived records from search (active_test). */
  readonly hasActive: boolean;
}

export interface VersionProfile {
  readonly version: OdooVersion;
  /** By wire name; undefined when the model does not exist in this version. */
  model(external: string): ModelView | undefined;
  /** By schema name (always present). */
  internal(name: string): ModelView;
  selection(field: FieldDef): Selection | undefined;
  /** Public ORM methods this version offers besides the common read methods. */
  hasMethod(method: string): boolean;
}

const nameFor = (
  internal: string,
  names: readonly { upTo: OdooVersion; name: string }[] | undefined,
  version: OdooVersion,
): string => {
  const older = [...(names ?? [])]
    .sort((a, b) => a.upTo - b.upTo)
    .find((entry) => version <= entry.upTo);
  return older ? older.name : internal;
};

const exists = (def: FieldDef, version: OdooVersion): boolean =>
  (def.since ?? 14) <= version && version <= (def.until ?? 19);

/**
 * `has_access` arrived in 18 (odoo/odoo#179148). `check_access_rights` is deprecated since 18
 * but still answers in 19.0; its removal (odoo/odoo#226551) is labelled 19.1, after our range.
 */
const VERSIONED_METHODS: Record<string, (version: OdooVersion) => boolean> = {
  has_access: (version) => version >= 18,
};

export const buildProfile = (schema: Schema, version: OdooVersion): VersionProfile => {
  const byExternal = new Map<string, ModelView>();
  const byInternal = new Map<string, ModelView>();
  for (const [internal, def] of Object.entries(schema)) {
    const fields = new Map<string, FieldView>();
    const fieldsByInternal = new Map<string, FieldView>();
    for (const [fieldName, fieldDef] of Object.entries(def.fields)) {
      if (!exists(fieldDef, version)) continue;
      const view: FieldView = {
        external: nameFor(fieldName, fieldDef.names, version),
        internal: fieldName,
        def: fieldDef,
      };
      fields.set(view.external, view);
      fieldsByInternal.set(fieldName, view);
    }
    const view: ModelView = {
      external: nameFor(internal, def.names, version),
      internal,
      def,
      fields,
      byInternal: fieldsByInternal,
      hasActive: fieldsByInternal.has("active"),
    };
    byExternal.set(view.external, view);
    byInternal.set(internal, view);
  }
  return {
    version,
    model: (external) => byExternal.get(external),
    internal: (name) => {
      const view = byInternal.get(name);
      if (!view) throw new Error(`odoo-emulator: schema has no model ${name}`);
      return view;
    },
    selection: (field) => field.selectionFor?.(version) ?? field.selection,
    hasMethod: (method) => VERSIONED_METHODS[method]?.(version) ?? true,
  };
};
