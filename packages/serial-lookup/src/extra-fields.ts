import { SerialLookupError } from "./errors.ts";

/**
 * Models an extra field may come from, and which record of the result it is read on:
 * - `sale.order`: the serial's sale order;
 * - `sale.order.line`: the first of the serial's order lines;
 * - `stock.picking`: the serial's delivery (latest done outgoing picking);
 * - `stock.lot`: the most recently moved lot with the serial's name;
 * - `res.partner`: the customer (the sale order's `partner_id`).
 */
export const EXTRA_FIELD_MODELS = [
  "sale.order",
  "sale.order.line",
  "stock.picking",
  "stock.lot",
  "res.partner",
] as const;
export type ExtraFieldModel = (typeof EXTRA_FIELD_MODELS)[number];

export interface ExtraField {
  /** Output key in `extra`, e.g. "Trackingnumber". */
  key: string;
  model: ExtraFieldModel;
  /** Odoo field name, e.g. "x_tracking_no". */
  field: string;
}

export type ExtraFieldsConfig = readonly ExtraField[];

const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;
const MAX_KEY_LENGTH = 64;

/**
 * Parses the operator's mapping of output keys to Odoo fields, e.g.
 * `{"Trackingnumber": "sale.order:x_tracking_no"}`. An empty string means no extra fields.
 * Throws SerialLookupError EXTRA_FIELDS_INVALID listing every problem, one line each.
 */
export function parseExtraFields(json: string): ExtraFieldsConfig {
  if (json.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new SerialLookupError(
      "EXTRA_FIELDS_INVALID",
      'Extra fields configuration is not valid JSON; expected e.g. {"Trackingnumber": "sale.order:x_tracking_no"}',
      { cause: error },
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new SerialLookupError(
      "EXTRA_FIELDS_INVALID",
      'Extra fields configuration must be a JSON object of "OutputKey": "model:field"',
    );
  }
  const problems: string[] = [];
  const fields: ExtraField[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (key.trim() === "" || key.length > MAX_KEY_LENGTH) {
      problems.push(`output key "${key}" must be 1 to ${MAX_KEY_LENGTH} characters`);
      continue;
    }
    if (typeof value !== "string") {
      problems.push(`"${key}": expected a string "model:field"`);
      continue;
    }
    const separator = value.lastIndexOf(":");
    const model = value.slice(0, separator);
    const field = value.slice(separator + 1);
    if (separator < 0 || !isExtraFieldModel(model)) {
      problems.push(
        `"${key}": model must be one of ${EXTRA_FIELD_MODELS.join(", ")} in "${value}"`,
      );
      continue;
    }
    if (!FIELD_NAME.test(field)) {
      problems.push(`"${key}": "${field}" is not an Odoo field name`);
      continue;
    }
    fields.push({ key, model, field });
  }
  if (problems.length > 0) {
    throw new SerialLookupError(
      "EXTRA_FIELDS_INVALID",
      `Extra fields configuration is invalid:\n- ${problems.join("\n- ")}`,
    );
  }
  return fields;
}

function isExtraFieldModel(model: string): model is ExtraFieldModel {
  return (EXTRA_FIELD_MODELS as readonly string[]).includes(model);
}
