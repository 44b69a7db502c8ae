/**
 * The vocabulary of the model schema: field definitions as the ORM subset needs them.
 *
 * Names here are always the NEWEST Odoo names (`stock.lot`, `quantity`, `move_ids`,
 * `product_uom_id`); `names` / `since` / `until` describe how older or newer versions differ,
 * and `profiles.ts` turns that into the names a given version shows on the wire.
 */

export type OdooVersion = 14 | 15 | 16 | 17 | 18 | 19;
export const ODOO_VERSIONS: readonly OdooVersion[] = [14, 15, 16, 17, 18, 19];

export type FieldType =
  | "char"
  | "text"
  | "integer"
  | "float"
  | "monetary"
  | "boolean"
  | "date"
  | "datetime"
  | "selection"
  | "many2one"
  | "one2many"
  | "many2many";

/** Internal value: many2one id or false, x2many id list, scalar or false when empty. */
export type Value = string | number | boolean | number[];

/** Read access to one record during computations (all names internal/newest). */
export interface RecordView {
  readonly model: string;
  readonly id: number;
  /** The Odoo version served: some computed values (display names) differ between versions. */
  readonly version: OdooVersion;
  get(field: string): Value;
  /** The record a many2one points to. */
  one(field: string): RecordView | undefined;
  /** The records an x2many (or many2one) points to. */
  many(field: string): RecordView[];
  /** Every record of a model (for reverse look-ups such as "is there a phantom BoM"). */
  all(model: string): RecordView[];
}

export type Compute = (record: RecordView) => Value;

export type Selection = readonly (readonly [string, string])[];

export interface FieldDef {
  type: FieldType;
  string: string;
  relation?: string;
  /** one2many: the many2one on `relation` pointing back. */
  inverse?: string;
  selection?: Selection;
  /** Version-specific selection (e.g. sale.order.state lost `done` in 17). */
  selectionFor?: (version: OdooVersion) => Selection;
  required?: boolean;
  readonly?: boolean;
  /** Derived from other data (related or computed, not stored): fixtures must not set it. */
  compute?: Compute;
  /** Stored field Odoo fills itself (stored related/computed): used when the fixture leaves it empty. */
  fallback?: Compute;
  /** Value when the fixture omits the field (Odoo default), e.g. `active: true`. */
  default?: Value;
  /** First / last version with the field. */
  since?: OdooVersion;
  until?: OdooVersion;
  /** Older names: `{ upTo: 16, name: "qty_done" }` means versions <= 16 call it qty_done. */
  names?: readonly { upTo: OdooVersion; name: string }[];
  /** Value as a given version shows it (e.g. sale.order `state` "done" <= 16 for locked orders). */
  versionValue?: (value: Value, version: OdooVersion, record: RecordView) => Value;
  /** Custom field (`x_...`) found in a fixture. */
  manual?: boolean;
  /** A field the fixture says the server has (its `fields`), beyond the schema: always empty. */
  declared?: boolean;
  /** Its type on the server when the emulator does not model it (html, binary, ...). */
  declaredType?: string;
}

export interface ModelDef {
  /** Label used in fields_get/access messages, e.g. "Contact" for res.partner. */
  description: string;
  names?: readonly { upTo: OdooVersion; name: string }[];
  fields: Record<string, FieldDef>;
  /** Fields every model has that this one lacks (`res.users.apikeys` keeps no write date). */
  without?: readonly string[];
  /**
   * Odoo's `_order`, where the emulator models every field of it: ordering by a many2one to this
   * model sorts by it, as Odoo does (otherwise by display name). Searches without `order` keep
   * sorting by id.
   */
  order?: string;
  /**
   * Reading every field (`fields` empty or missing) needs rights on models a computed field
   * reads: the AccessError Odoo raises for a user without them (the emulator: whose `read` is
   * not `*`), per version.
   */
  readAllDenied?: (version: OdooVersion) => string;
  /** display_name as Odoo computes it; default: `name`. */
  displayName?: (record: RecordView) => string;
}

export type Schema = Record<string, ModelDef>;

// Small constructors keep the model tables readable.
type Extra = Partial<FieldDef>;
export const char = (string: string, extra?: Extra): FieldDef => ({
  type: "char",
  string,
  ...extra,
});
export const text = (string: string, extra?: Extra): FieldDef => ({
  type: "text",
  string,
  ...extra,
});
export const integer = (string: string, extra?: Extra): FieldDef => ({
  type: "integer",
  string,
  ...extra,
});
export const float = (string: string, extra?: Extra): FieldDef => ({
  type: "float",
  string,
  ...extra,
});
export const monetary = (string: string, extra?: Extra): FieldDef => ({
  type: "monetary",
  string,
  ...extra,
});
export const boolean = (string: string, extra?: Extra): FieldDef => ({
  type: "boolean",
  string,
  ...extra,
});
export const date = (string: string, extra?: Extra): FieldDef => ({
  type: "date",
  string,
  ...extra,
});
export const datetime = (string: string, extra?: Extra): FieldDef => ({
  type: "datetime",
  string,
  ...extra,
});
export const selection = (string: string, values: Selection, extra?: Extra): FieldDef => ({
  type: "selection",
  string,
  selection: values,
  ...extra,
});
export const many2one = (relation: string, string: string, extra?: Extra): FieldDef => ({
  type: "many2one",
  string,
  relation,
  ...extra,
});
export const one2many = (relation: string, inverse: string, string: string, extra?: Extra) =>
  ({ type: "one2many", string, relation, inverse, readonly: false, ...extra }) as FieldDef;
export const many2many = (relation: string, string: string, extra?: Extra): FieldDef => ({
  type: "many2many",
  string,
  relation,
  ...extra,
});

/** A related field (`related="a.b.c"`): follows many2one hops, returns the last field's value. */
export const related = (path: string): Compute => {
  const parts = path.split(".");
  return (record) => {
    let current: RecordView | undefined = record;
    for (const part of parts.slice(0, -1)) {
      current = current?.one(part);
      if (!current) return false;
    }
    return current ? current.get(parts[parts.length - 1] as string) : false;
  };
};

/** Empty values are `false` on the wire (Odoo's convert_to_read). */
export const isEmpty = (value: Value): boolean =>
  value === false || value === "" || (Array.isArray(value) && value.length === 0);
