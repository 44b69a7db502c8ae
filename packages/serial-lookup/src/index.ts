export type { SerialLookupErrorCode } from "./errors.ts";
export { isSerialLookupError, SerialLookupError } from "./errors.ts";
export type { ExtraField, ExtraFieldModel, ExtraFieldsConfig } from "./extra-fields.ts";
export { EXTRA_FIELD_MODELS, parseExtraFields } from "./extra-fields.ts";
export type { SerialLookup, SerialLookupOptions } from "./lookup.ts";
export {
  createSerialLookup,
  DEFAULT_HISTORY_LIMIT,
  MAX_HISTORY_LIMIT,
} from "./lookup.ts";
export type { LookupModel } from "./models.ts";
export { LOOKUP_MODELS } from "./models.ts";
export {
  MAX_SERIAL_LENGTH,
  MAX_SERIALS_PER_REQUEST,
  parseSerialInput,
} from "./parse-input.ts";
export type { QueryPlan } from "./plan/index.ts";
export { QUERY_PLANS } from "./plan/index.ts";
export { isKitName } from "./product-name.ts";
export { SERIAL_RESULT_SCHEMA } from "./schema.ts";
export type {
  AddressInfo,
  CustomerInfo,
  DeliveryInfo,
  ExtraValue,
  HistoryEntry,
  LotInfo,
  ProductInfo,
  ReturnPickingInfo,
  SaleOrderInfo,
  SaleOrderLineInfo,
  SerialResult,
} from "./types.ts";
