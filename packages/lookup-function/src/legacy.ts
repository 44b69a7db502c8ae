import type { ExtraFieldsConfig, ExtraValue, SerialResult } from "@jsm-odoo/serial-lookup";

/** The earlier integration's flat keys, in its order; existing JSM rules read them by name. */
export const LEGACY_KEYS = [
  "SalesOrdernumber",
  "Customerreference",
  "Trackingnumber",
  "Productdescription",
  "Productdescription2",
  "Orderedquantity",
  "Unitprice",
  "Customer",
  "StreetAddress",
  "City",
  "PostalCode",
  "State",
  "Country",
] as const;

export const FOUND_MESSAGE = "Serial number found";
export const NOT_FOUND_MESSAGE = "Serial number not found";

/** A legacy value: `""` where Odoo had the record but an empty field, `null` where the record is absent. */
export type LegacyValue = string | number | boolean | number[] | null;
export type LegacyKeys = Record<string, LegacyValue>;

/**
 * The earlier flat keys describing one serial (the first one found), for rules that read
 * `{{webResponse.body.Customer}}`. The earlier version turned Odoo's `false` into `""` and left
 * absent values `null`; a SerialResult has `null` for both, so the parent record decides: an
 * empty field of an order we have is `""`, any field of an order we do not have is `null`.
 * Configured extra keys (`EXTRA_FIELDS`) are added, and replace a standard key of the same name
 * (e.g. a custom `Trackingnumber` field).
 */
export function toLegacyKeys(
  result: SerialResult,
  extraFields: ExtraFieldsConfig = [],
): LegacyKeys {
  const order = result.sale_order;
  const line = order?.lines[0];
  const customer = result.customer;
  const address = customer?.delivery_address;
  const delivery = result.delivery;

  const keys: LegacyKeys = {
    SalesOrdernumber: field(order, order?.name),
    Customerreference: field(order, order?.client_order_ref),
    // Without a configured custom field, the delivery's carrier tracking reference.
    Trackingnumber: field(delivery, delivery?.carrier_tracking_ref),
    Productdescription: field(result, result.product_name),
    Productdescription2: order
      ? order.lines
          .map((l) => l.description)
          .filter((d): d is string => !!d)
          .join(" - ")
      : null,
    Orderedquantity: field(line, line?.quantity),
    Unitprice: field(line, line?.price_unit),
    Customer: field(customer, customer?.name),
    StreetAddress: field(address, address?.street),
    City: field(address, address?.city),
    PostalCode: field(address, address?.zip),
    State: field(address, address?.state),
    Country: field(address, address?.country),
  };
  for (const extra of extraFields) {
    keys[extra.key] = field(extraSource(result, extra.model), result.extra[extra.key]);
  }
  return keys;
}

function field(parent: unknown, value: ExtraValue | undefined): LegacyValue {
  if (parent === null || parent === undefined) return null;
  return value ?? "";
}

/** The record an extra field is read on (serial-lookup's EXTRA_FIELD_MODELS), or undefined. */
function extraSource(result: SerialResult, model: ExtraFieldsConfig[number]["model"]): unknown {
  switch (model) {
    case "sale.order":
      return result.sale_order;
    case "sale.order.line":
      return result.sale_order?.lines[0];
    case "stock.picking":
      return result.delivery;
    case "stock.lot":
      return result.lots[0];
    case "res.partner":
      return result.customer;
  }
}
