/** The full schema: every emulated model with the fields every Odoo model has. */
import { baseModels } from "./base-models.ts";
import { saleModels } from "./sale-models.ts";
import { stockModels } from "./stock-models.ts";
import { char, datetime, type FieldDef, integer, type ModelDef, type Schema } from "./types.ts";

/** Fields the ORM adds to every model (`id`, `display_name`, the audit dates). */
const MAGIC_FIELDS: Record<string, FieldDef> = {
  id: integer("ID", { readonly: true }),
  display_name: char("Display Name", { readonly: true, compute: () => false }),
  create_date: datetime("Created on", { readonly: true }),
  // Never written here, so "last updated" is the creation date unless the fixture says otherwise.
  write_date: datetime("Last Updated on", {
    readonly: true,
    fallback: (record) => record.get("create_date"),
  }),
};

const withMagicFields = (model: ModelDef): ModelDef => {
  const fields = { ...MAGIC_FIELDS, ...model.fields };
  for (const name of model.without ?? []) delete fields[name];
  return { ...model, fields };
};

/** The built-in schema (newest names). A fresh copy each call: custom fields are added per fixture. */
export const baseSchema = (): Schema => {
  const schema: Schema = {};
  for (const [name, model] of Object.entries({ ...baseModels, ...stockModels, ...saleModels })) {
    schema[name] = withMagicFields(model);
  }
  return schema;
};

export type {
  Compute,
  FieldDef,
  FieldType,
  ModelDef,
  OdooVersion,
  RecordView,
  Schema,
  Selection,
  Value,
} from "./types.ts";
export { isEmpty, ODOO_VERSIONS } from "./types.ts";
