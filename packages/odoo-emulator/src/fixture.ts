/**
 * Fixture format and its validation.
 *
 * `{"db": "name", "users": [...], "records": {"<model>": [{"id": 1, "<field>": value}]}}` with
 * the newest model and field names. Scalars as `read()` returns them, many2one as an id or
 * false, many2many as an id list; one2many and computed fields are derived, so they are refused.
 * Fields named `x_...` that the schema does not know are accepted as custom fields (Odoo Studio /
 * manual fields): their type is inferred from the first non-false value (string -> char,
 * integer -> integer, other number -> float, boolean -> boolean).
 */
import { EmulatorError } from "./errors.ts";
import type { FieldDef, FieldType, Schema } from "./schema/index.ts";

export interface FixtureUser {
  id: number;
  login: string;
  name?: string;
  /** Interactive password; omit for API-key-only users. */
  password?: string;
  api_keys?: string[];
  /** Models the user may read (newest names), or ["*"]. */
  read?: string[];
  /** Models the user may create/write/unlink, or ["*"]. */
  write?: string[];
}

export type FixtureRecord = { id: number } & Record<string, unknown>;

export interface Fixture {
  db: string;
  users: FixtureUser[];
  records: Record<string, FixtureRecord[]>;
  /**
   * Fields the server has beyond the emulator's schema, by model (newest name) and field name
   * with their type, e.g. from a real Odoo's `fields_get` (the conformance suite's export):
   * `fields_get` lists them and reads answer their empty value.
   */
  fields?: Record<string, Record<string, string>>;
}

const MAX_PROBLEMS = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;

/** What is wrong with one value for its field, or undefined when it fits. */
const valueProblem = (def: FieldDef, value: unknown): string | undefined => {
  if (value === false && def.type !== "many2many") return undefined;
  switch (def.type) {
    case "char":
    case "text":
      return typeof value === "string" ? undefined : "expected a string or false";
    case "selection": {
      const allowed = (def.selection ?? []).map(([key]) => key);
      return typeof value === "string" && allowed.includes(value)
        ? undefined
        : `expected one of ${allowed.map((key) => JSON.stringify(key)).join(", ")}`;
    }
    case "integer":
      return Number.isInteger(value) ? undefined : "expected an integer";
    case "float":
    case "monetary":
      return typeof value === "number" && Number.isFinite(value) ? undefined : "expected a number";
    case "boolean":
      return typeof value === "boolean" ? undefined : "expected true or false";
    case "date":
      return typeof value === "string" && DATE.test(value) ? undefined : "expected YYYY-MM-DD";
    case "datetime":
      return typeof value === "string" && DATETIME.test(value)
        ? undefined
        : "expected YYYY-MM-DD HH:MM:SS (UTC)";
    case "many2one":
      return isId(value) ? undefined : "expected a record id or false";
    case "many2many":
      return Array.isArray(value) && value.every(isId)
        ? undefined
        : "expected a list of record ids";
    default:
      return `field type ${def.type} cannot be set`;
  }
};

const customField = (value: unknown): FieldDef => {
  if (typeof value === "boolean") return { type: "boolean", string: "Custom", manual: true };
  if (Number.isInteger(value)) return { type: "integer", string: "Custom", manual: true };
  if (typeof value === "number") return { type: "float", string: "Custom", manual: true };
  return { type: "char", string: "Custom", manual: true };
};

/**
 * Checks a parsed fixture against the schema and adds its custom `x_` fields to the schema.
 * Throws EmulatorError(EMULATOR_INVALID_FIXTURE) listing every problem found (first 50).
 */
export const validateFixture = (input: unknown, schema: Schema): Fixture => {
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  if (!isObject(input)) {
    throw new EmulatorError("EMULATOR_INVALID_FIXTURE", ["fixture: expected a JSON object"]);
  }
  if (typeof input.db !== "string" || input.db === "") problem("db: expected a non-empty string");
  const users = input.users ?? [];
  const records = input.records ?? {};
  if (!Array.isArray(users)) problem("users: expected an array");
  if (!isObject(records)) problem("records: expected an object of model name -> record list");
  if (problems.length > 0) throw new EmulatorError("EMULATOR_INVALID_FIXTURE", problems);

  const modelNames = new Set(Object.keys(schema));
  const checkModels = (where: string, list: unknown) => {
    if (list === undefined) return;
    if (!Array.isArray(list) || !list.every((m) => typeof m === "string")) {
      problem(`${where}: expected a list of model names or ["*"]`);
      return;
    }
    for (const model of list) {
      if (model !== "*" && !modelNames.has(model)) problem(`${where}: unknown model '${model}'`);
    }
  };
  const userIds = new Set<number>();
  const logins = new Set<string>();
  (users as unknown[]).forEach((user, index) => {
    const where = `users[${index}]`;
    if (!isObject(user)) {
      problem(`${where}: expected an object`);
      return;
    }
    if (!isId(user.id)) problem(`${where}.id: expected a positive integer`);
    else if (userIds.has(user.id)) problem(`${where}.id: duplicate user id ${user.id}`);
    else userIds.add(user.id);
    if (typeof user.login !== "string" || user.login === "") {
      problem(`${where}.login: expected a non-empty string`);
    } else if (logins.has(user.login)) problem(`${where}.login: duplicate login '${user.login}'`);
    else logins.add(user.login);
    if (user.password !== undefined && typeof user.password !== "string") {
      problem(`${where}.password: expected a string`);
    }
    const keys = user.api_keys;
    if (keys !== undefined && (!Array.isArray(keys) || !keys.every((k) => typeof k === "string"))) {
      problem(`${where}.api_keys: expected a list of strings`);
    }
    checkModels(`${where}.read`, user.read);
    checkModels(`${where}.write`, user.write);
  });

  const FIELD_TYPES: readonly FieldType[] = [
    "char",
    "text",
    "integer",
    "float",
    "monetary",
    "boolean",
    "date",
    "datetime",
    "selection",
    "many2one",
    "one2many",
    "many2many",
  ];
  const declared = input.fields ?? {};
  if (!isObject(declared)) problem("fields: expected an object of model name -> {field: type}");
  else {
    for (const [model, fields] of Object.entries(declared)) {
      const modelDef = schema[model];
      if (!modelDef) problem(`fields: unknown model '${model}'`);
      else if (!isObject(fields)) problem(`fields.${model}: expected an object of field -> type`);
      else {
        for (const [field, type] of Object.entries(fields)) {
          if (typeof type !== "string" || type === "") {
            problem(`fields.${model}.${field}: expected a field type, got ${JSON.stringify(type)}`);
          } else if (!modelDef.fields[field]) {
            // Declared only: never set in records, so never a relation to follow. Types the
            // emulator does not model (html, binary, json, ...) read as empty text.
            const known = FIELD_TYPES.includes(type as FieldType);
            modelDef.fields[field] = {
              type: known ? (type as FieldType) : "text",
              string: field,
              declared: true,
              ...(known ? {} : { declaredType: type }),
            };
          }
        }
      }
    }
  }

  const ids = new Map<string, Set<number>>();
  const references: { where: string; model: string; id: number }[] = [];
  for (const [model, list] of Object.entries(records)) {
    const modelDef = schema[model];
    if (!modelDef) {
      const hint =
        model === "stock.production.lot" ? " (fixtures use the newest names: stock.lot)" : "";
      problem(`records: unknown model '${model}'${hint}`);
      continue;
    }
    if (!Array.isArray(list)) {
      problem(`records.${model}: expected a list of records`);
      continue;
    }
    const seen = new Set<number>();
    ids.set(model, seen);
    list.forEach((record: unknown, index) => {
      if (!isObject(record)) {
        problem(`records.${model}[${index}]: expected an object`);
        return;
      }
      const where = `records.${model}[${index}]${isId(record.id) ? ` (id ${record.id})` : ""}`;
      if (!isId(record.id)) problem(`${where}.id: expected a positive integer`);
      else if (seen.has(record.id)) problem(`${where}: duplicate id ${record.id}`);
      else seen.add(record.id);
      for (const [field, value] of Object.entries(record)) {
        if (field === "id") continue;
        let def = modelDef.fields[field];
        if (!def && field.startsWith("x_")) {
          def = customField(value);
          modelDef.fields[field] = def;
        }
        if (!def) {
          problem(`${where}: unknown field '${field}' on model '${model}' (use the newest names)`);
          continue;
        }
        if (def.declared) {
          problem(`${where}.${field}: a declared field (fixture "fields") holds no values`);
          continue;
        }
        if (def.compute || def.type === "one2many" || field === "display_name") {
          problem(
            `${where}.${field}: ${def.type === "one2many" ? "one2many" : "computed"} field, omit it`,
          );
          continue;
        }
        const wrong = valueProblem(def, value);
        if (wrong) {
          problem(`${where}.${field}: ${wrong}, got ${JSON.stringify(value)}`);
          continue;
        }
        if (def.relation && value !== false) {
          for (const id of def.type === "many2many" ? (value as number[]) : [value as number]) {
            references.push({ where: `${where}.${field}`, model: def.relation, id });
          }
        }
      }
    });
  }
  const userRecords = ids.get("res.users") ?? new Set<number>();
  for (const id of userIds) userRecords.add(id);
  ids.set("res.users", userRecords);
  for (const ref of references) {
    if (!ids.get(ref.model)?.has(ref.id)) {
      problem(`${ref.where}: no ${ref.model} record with id ${ref.id}`);
    }
  }
  if (problems.length > 0) throw new EmulatorError("EMULATOR_INVALID_FIXTURE", problems);
  return input as unknown as Fixture;
};
