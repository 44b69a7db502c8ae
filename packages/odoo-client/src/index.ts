export type { ProtocolChoice } from "./auto-transport.ts";
export { FIRST_JSON2_MAJOR } from "./auto-transport.ts";
export type { OdooClient } from "./client.ts";
export { createOdooClient } from "./client.ts";
export type { OdooErrorCode } from "./errors.ts";
export { isOdooError, OdooError } from "./errors.ts";
export { escapeLikePattern } from "./escape-like.ts";
export type { OdooClientOptions, OdooProtocol, OdooProtocolSetting } from "./options.ts";
export { DEFAULT_MAX_CONCURRENT_REQUESTS, ODOO_PROTOCOL_SETTINGS } from "./options.ts";
export type { ReadMethod } from "./read-only.ts";
export type { RpcEvent, RpcStats } from "./stats.ts";
export type { ExecuteKwRequest, OdooTransport, TransportCall } from "./transport.ts";
export type {
  AccessOperation,
  CallOptions,
  Domain,
  DomainTerm,
  FieldSpec,
  ModelName,
  OdooFieldInfo,
  OdooRecord,
  SearchReadOptions,
  ServerVersion,
  Specification,
  WebSearchReadOptions,
} from "./types.ts";
export type { ServerProfile } from "./versions.ts";
