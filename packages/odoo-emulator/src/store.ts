/**
 * In-memory records and every derived value: display names, one2many from their inverse,
 * related and computed fields, defaults. Values use the schema's (newest) names; data never
 * changes after loading, so derived values are cached.
 */
import type { Fixture } from "./fixture.ts";
import type { FieldDef, OdooVersion, RecordView, Schema, Value } from "./schema/index.ts";

type Row = Record<string, unknown>;

const emptyValue = (def: FieldDef): Value => {
  switch (def.type) {
    case "one2many":
    case "many2many":
      return [];
    case "integer":
    case "float":
    case "monetary":
      // Odoo reads NULL numbers as 0 / 0.0 (Float.convert_to_cache).
      return 0;
    default:
      return false;
  }
};

export class Store {
  readonly schema: Schema;
  readonly version: OdooVersion;
  private readonly rows = new Map<string, Map<number, Row>>();
  private readonly sortedIds = new Map<string, number[]>();
  private readonly cache = new Map<string, Value>();
  private readonly computing = new Set<string>();
  private readonly inverseIndex = new Map<string, Map<number, number[]>>();

  constructor(schema: Schema, fixture: Fixture, version: OdooVersion) {
    this.schema = schema;
    this.version = version;
    for (const model of Object.keys(schema)) this.rows.set(model, new Map());
    for (const [model, records] of Object.entries(fixture.records)) {
      const table = this.rows.get(model);
      for (const record of records) table?.set(record.id, record);
    }
    // Every fixture user is a res.users record too (unless the records list it already).
    const users = this.rows.get("res.users");
    for (const user of fixture.users) {
      if (!users?.has(user.id))
        users?.set(user.id, { id: user.id, login: user.login, name: user.name ?? user.login });
    }
    for (const [model, table] of this.rows) {
      this.sortedIds.set(
        model,
        [...table.keys()].sort((a, b) => a - b),
      );
    }
  }

  /** All ids of a model, ascending. */
  ids(model: string): readonly number[] {
    return this.sortedIds.get(model) ?? [];
  }

  exists(model: string, id: number): boolean {
    return this.rows.get(model)?.has(id) ?? false;
  }

  record(model: string, id: number): RecordView {
    return new StoredRecord(this, model, id);
  }

  /** The value of one field (schema name), derived values included. */
  value(model: string, id: number, field: string): Value {
    if (field === "id") return id;
    const def = this.schema[model]?.fields[field];
    if (!def) throw new Error(`odoo-emulator: ${model} has no field ${field}`);
    const raw = this.rows.get(model)?.get(id)?.[field];
    if (def.type === "boolean" && typeof raw === "boolean" && !def.compute) return raw;
    const stored =
      raw === undefined || raw === null || raw === "" || raw === false ? undefined : (raw as Value);
    if (stored !== undefined && !def.compute) return stored;
    if (stored === undefined && def.default !== undefined && !def.compute) return def.default;
    const key = `${model}\u0000${id}\u0000${field}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    if (this.computing.has(key)) return emptyValue(def); // cyclic data: give up quietly
    this.computing.add(key);
    try {
      const derived = this.derive(model, id, field, def);
      const value = derived === false || derived === "" ? emptyValue(def) : derived;
      this.cache.set(key, value);
      return value;
    } finally {
      this.computing.delete(key);
    }
  }

  private derive(model: string, id: number, field: string, def: FieldDef): Value {
    const record = this.record(model, id);
    if (field === "display_name") {
      const displayName = this.schema[model]?.displayName;
      if (displayName) return displayName(record);
      const name = this.schema[model]?.fields.name ? this.value(model, id, "name") : false;
      return typeof name === "string" ? name : `${model},${id}`;
    }
    if (def.compute) return def.compute(record);
    if (def.type === "one2many" && def.relation && def.inverse) {
      return this.inverse(def.relation, def.inverse).get(id) ?? [];
    }
    if (def.fallback) return def.fallback(record);
    return emptyValue(def);
  }

  /** parent id -> child ids for a many2one, built once (uses derived values: fallbacks count). */
  private inverse(model: string, field: string): Map<number, number[]> {
    const key = `${model}.${field}`;
    let index = this.inverseIndex.get(key);
    if (!index) {
      index = new Map();
      for (const childId of this.ids(model)) {
        const parent = this.value(model, childId, field);
        if (typeof parent !== "number") continue;
        const children = index.get(parent) ?? [];
        children.push(childId);
        index.set(parent, children);
      }
      this.inverseIndex.set(key, index);
    }
    return index;
  }
}

class StoredRecord implements RecordView {
  readonly model: string;
  readonly id: number;
  readonly version: OdooVersion;
  private readonly store: Store;

  constructor(store: Store, model: string, id: number) {
    this.store = store;
    this.model = model;
    this.id = id;
    this.version = store.version;
  }

  get(field: string): Value {
    return this.store.value(this.model, this.id, field);
  }

  one(field: string): RecordView | undefined {
    const relation = this.store.schema[this.model]?.fields[field]?.relation;
    const value = this.get(field);
    if (!relation || typeof value !== "number" || !this.store.exists(relation, value))
      return undefined;
    return this.store.record(relation, value);
  }

  many(field: string): RecordView[] {
    const relation = this.store.schema[this.model]?.fields[field]?.relation;
    const value = this.get(field);
    if (!relation) return [];
    const ids = Array.isArray(value) ? value : typeof value === "number" ? [value] : [];
    return ids
      .filter((id) => this.store.exists(relation, id))
      .map((id) => this.store.record(relation, id));
  }

  all(model: string): RecordView[] {
    return this.store.ids(model).map((id) => this.store.record(model, id));
  }
}
