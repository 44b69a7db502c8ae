/**
 * What a fixture may hold, per model, with the names a given Odoo version uses on the wire: the
 * stored fields (computed, one2many and `display_name` are derived). The conformance suite
 * exports a real Odoo's records into a fixture with it, so the emulator's replay test serves
 * the very records the recordings were made against.
 */
import { buildProfile } from "./profiles.ts";
import { baseSchema, type FieldType, type OdooVersion } from "./schema/index.ts";

export interface FixtureFieldInfo {
  /** Name in fixtures (newest). */
  name: string;
  /** Name on this version's wire. */
  server: string;
  type: FieldType;
  /** Related model, newest name. */
  relation?: string;
}

export interface FixtureModelInfo {
  /** Name in fixtures (newest). */
  model: string;
  /** Name on this version's wire. */
  server: string;
  /** The stored fields a fixture may set. */
  fields: FixtureFieldInfo[];
  /** Every field the emulator serves on this version's wire (derived ones included). */
  served: string[];
}

export const fixtureFields = (version: OdooVersion): FixtureModelInfo[] => {
  const schema = baseSchema();
  const profile = buildProfile(schema, version);
  return Object.keys(schema).map((model) => {
    const view = profile.internal(model);
    const fields: FixtureFieldInfo[] = [];
    for (const field of view.byInternal.values()) {
      const { def } = field;
      if (def.compute || def.type === "one2many" || field.internal === "display_name") continue;
      if (field.internal === "id") continue;
      fields.push({
        name: field.internal,
        server: field.external,
        type: def.type,
        ...(def.relation ? { relation: def.relation } : {}),
      });
    }
    return { model, server: view.external, fields, served: [...view.fields.keys()] };
  });
};
