/**
 * The real Odoo's records as an emulator fixture, read as the admin at recording time: every
 * record of the models the lookup and the probes touch, and the rows they point to (users,
 * companies, countries, states, currencies, units), with the fields the emulator serves, so
 * the replay runs each recorded request against the very same records and ids. Values that a
 * version spells differently are brought to the newest spelling, as fixtures want.
 */
import {
  type Fixture,
  type FixtureModelInfo,
  type FixtureRecord,
  type FixtureUser,
  fixtureFields,
  type OdooVersion,
} from "@jsm-odoo/odoo-emulator";
import type { OdooWriter } from "../writer/odoo-writer.ts";

/** Models exported whole; the others only where a record points to them. */
const WHOLE = new Set([
  "res.partner",
  "res.company",
  "res.users.apikeys",
  "product.template",
  "product.product",
  "mrp.bom",
  "mrp.bom.line",
  "stock.location",
  "stock.warehouse",
  "stock.picking.type",
  "stock.lot",
  "stock.picking",
  "stock.move",
  "stock.move.line",
  "sale.order",
  "sale.order.line",
]);

export interface FixtureExport {
  fixture: Fixture;
  /** Emulator fields this server does not have: the emulator's schema is wrong there. */
  missingOnServer: string[];
}

const m2oId = (value: unknown): number | false =>
  Array.isArray(value) && typeof value[0] === "number" ? value[0] : false;

/** A version's value in the newest spelling (the inverse of the emulator's version profiles). */
function newest(model: string, record: FixtureRecord, raw: Record<string, unknown>): void {
  // Before 18, storable goods were type "product"; since, "consu" with is_storable.
  if ((model === "product.template" || model === "product.product") && raw.type === "product") {
    record.type = "consu";
    record.is_storable = true;
  }
  // Before 17, a locked confirmed order was state "done"; since, "sale" with `locked`.
  if (model === "sale.order" && raw.state === "done") {
    record.state = "sale";
    record.locked = true;
  }
}

function toFixture(info: FixtureModelInfo, row: Record<string, unknown>): FixtureRecord {
  const record: FixtureRecord = { id: Number(row.id) };
  for (const field of info.fields) {
    const value = row[field.server];
    if (value === undefined || value === false || value === null || value === "") continue;
    if (field.type === "many2one") record[field.name] = m2oId(value);
    else if (field.type === "many2many") {
      if (Array.isArray(value) && value.length > 0) record[field.name] = value;
    } else record[field.name] = value;
  }
  newest(info.model, record, row);
  return record;
}

/** `fields_get` (type only) of a model (newest name) as the project's user sees it. */
export type FieldsOf = (model: string) => Promise<Record<string, { type: string }>>;

/**
 * `fieldsOf` lists the fields the project's user sees (Odoo hides fields restricted to groups
 * the user lacks): the fixture declares those, so the emulator's fields_get answers as Odoo
 * answers that user; the records themselves are read as the admin.
 */
export async function exportFixture(
  writer: OdooWriter,
  db: string,
  users: readonly FixtureUser[],
  fieldsOf: FieldsOf,
): Promise<FixtureExport> {
  const version = writer.major as OdooVersion;
  const models = fixtureFields(version);
  const missingOnServer: string[] = [];
  const records: Record<string, FixtureRecord[]> = {};
  const have = new Map<string, Set<number>>();
  const available = new Map<string, FixtureModelInfo>();
  // The server's other fields, so the emulator's fields_get lists what this Odoo has.
  const declared: Record<string, Record<string, string>> = {};

  for (const info of models) {
    const onServer = (await writer.call(info.server, "fields_get", [], {
      attributes: ["type"],
    })) as Record<string, { type: string }>;
    const fields = info.fields.filter((field) => {
      if (field.server in onServer) return true;
      missingOnServer.push(`${info.server}.${field.server}`);
      return false;
    });
    const seen = await fieldsOf(info.model).catch(() => ({}) as Record<string, { type: string }>);
    const extra = Object.keys(seen)
      .filter((name) => !info.served.includes(name))
      .sort();
    if (extra.length > 0) {
      declared[info.model] = Object.fromEntries(
        extra.map((name) => [name, seen[name]?.type ?? "char"]),
      );
    }
    available.set(info.model, { ...info, fields });
    records[info.model] = [];
    have.set(info.model, new Set());
  }

  const load = async (info: FixtureModelInfo, domain: unknown[]) => {
    const rows = await writer.searchRead(
      info.server,
      domain,
      info.fields.map((f) => f.server),
      { order: "id" },
    );
    for (const row of rows) {
      if (have.get(info.model)?.has(row.id)) continue;
      have.get(info.model)?.add(row.id);
      records[info.model]?.push(toFixture(info, row));
    }
  };
  for (const info of available.values()) if (WHOLE.has(info.model)) await load(info, []);

  // Follow references until nothing new is pointed to (users -> partners -> countries ...).
  const userIds = users.map((user) => user.id);
  for (let round = 0; round < 6; round++) {
    const wanted = new Map<string, Set<number>>([["res.users", new Set(userIds)]]);
    for (const [model, list] of Object.entries(records)) {
      const info = available.get(model);
      for (const field of info?.fields ?? []) {
        if (!field.relation) continue;
        for (const record of list ?? []) {
          const value = record[field.name];
          const ids = Array.isArray(value) ? value : typeof value === "number" ? [value] : [];
          for (const id of ids) {
            if (!have.get(field.relation)?.has(id as number)) {
              const set = wanted.get(field.relation) ?? new Set<number>();
              set.add(id as number);
              wanted.set(field.relation, set);
            }
          }
        }
      }
    }
    const missing = [...wanted].filter(([model, ids]) =>
      [...ids].some((id) => !have.get(model)?.has(id)),
    );
    if (missing.length === 0) break;
    for (const [model, ids] of missing) {
      const info = available.get(model);
      if (info) await load(info, [["id", "in", [...ids]]]);
    }
  }
  for (const list of Object.values(records)) list.sort((a, b) => a.id - b.id);
  return {
    fixture: {
      db,
      users: [...users],
      records: Object.fromEntries(Object.entries(records).filter(([, list]) => list.length > 0)),
      fields: declared,
    },
    missingOnServer,
  };
}
