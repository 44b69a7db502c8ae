/**
 * JSON Schema (draft 2020-12) of one SerialResult: the documented, stable output contract.
 * Every object is closed (`additionalProperties: false`) except `extra`, whose keys come from
 * configuration.
 */
const nullableString = { type: ["string", "null"] } as const;
const nullableNumber = { type: ["number", "null"] } as const;
const dateTime = {
  type: ["string", "null"],
  description: "UTC, ISO 8601 (YYYY-MM-DDTHH:MM:SSZ)",
} as const;

const closed = (properties: Record<string, unknown>, description?: string) => ({
  type: "object",
  ...(description ? { description } : {}),
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });

export const SERIAL_RESULT_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://jsm-odoo.invalid/schemas/serial-result.json",
  title: "SerialResult",
  description:
    "Everything Odoo knows about one serial number. Empty Odoo values are null; the keys are stable.",
  ...closed({
    serial_number: { type: "string", description: "The serial as asked (trimmed)" },
    found: {
      type: "boolean",
      description: "A lot with that exact name (case-insensitive) exists or has done moves",
    },
    lots: {
      type: "array",
      description: "Every lot with that name, most recently moved first",
      items: closed({
        id: { type: "integer" },
        name: { type: "string" },
        ref: nullableString,
        product: nullable(
          closed({
            id: { type: "integer" },
            name: { type: "string" },
            default_code: { ...nullableString, description: "Internal reference" },
          }),
        ),
        company: nullableString,
        create_date: dateTime,
      }),
    },
    product_name: {
      ...nullableString,
      description:
        "Kit preferred: the delivery move's sale line product; else whole-word 'Kit' products of the order; else the serial's own product(s), joined with ', '",
    },
    sale_order: nullable(
      closed(
        {
          name: { type: "string" },
          date_order: dateTime,
          client_order_ref: nullableString,
          state: {
            ...nullableString,
            description: "Odoo state: draft, sent, sale, done (<=16), cancel",
          },
          lines: {
            type: "array",
            description: "The order line(s) the serial belongs to",
            items: closed({
              description: nullableString,
              product: nullableString,
              quantity: nullableNumber,
              price_unit: nullableNumber,
            }),
          },
        },
        "The order of the serial's latest done delivery",
      ),
    ),
    delivery: nullable(
      closed(
        {
          name: { type: "string" },
          date_done: dateTime,
          scheduled_date: dateTime,
          carrier_tracking_ref: {
            ...nullableString,
            description: "null also where the server has no such field",
          },
          origin: nullableString,
        },
        "The serial's latest done outgoing picking to a customer",
      ),
    ),
    returned: {
      type: "boolean",
      description: "The serial's latest done move brought it back from a customer location",
    },
    return_picking: nullable(
      closed({ name: { type: "string" }, date_done: dateTime, origin: nullableString }),
    ),
    customer: nullable(
      closed(
        {
          name: nullableString,
          ref: nullableString,
          vat: nullableString,
          email: nullableString,
          phone: nullableString,
          delivery_address: nullable(
            closed({
              name: nullableString,
              street: nullableString,
              street2: nullableString,
              zip: nullableString,
              city: nullableString,
              state: nullableString,
              country: nullableString,
            }),
          ),
        },
        "The sale order's customer (archived included) and the order's delivery address",
      ),
    ),
    history: {
      type: "array",
      description: "Done moves, newest first, capped (default 50)",
      items: closed({
        date: dateTime,
        reference: nullableString,
        from: { ...nullableString, description: "Source location" },
        to: { ...nullableString, description: "Destination location" },
        operation: { ...nullableString, description: "Operation type name" },
      }),
    },
    extra: {
      type: "object",
      description: "Operator-configured Odoo fields by output key; null when empty or missing",
      additionalProperties: {
        anyOf: [
          { type: ["string", "number", "boolean", "null"] },
          { type: "array", items: { type: "integer" } },
        ],
      },
    },
  }),
} as const;
