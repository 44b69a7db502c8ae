export type { AutoTransportOptions, ProtocolChoice } from "./auto-transport.ts";
export { createAutoTransport, FIRST_JSON2_MAJOR } from "./auto-transport.ts";
export type { OdooClient } from "./client.ts";
export { createOdooClient } from "./client.ts";
export type { OdooErrorCode } from "./errors.ts";
export { isOdooError, OdooError } from "./errors.ts";
export type { Json2TransportOptions } from "./json2-transport.ts";
export { createJson2Transport } from "./json2-transport.ts";
export { escapeLikePattern } from "./escape-like.ts";
export type { OdooClientOptions, OdooProtocol, OdooProtocolSetting } from "./options.ts";
export {
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  ODOO_PROTOCOL_SETTINGS,
  ODOO_PROTOCOLS,
} from "./options.ts";
export type { ReadMethod } from "./read-only.ts";
export { isReadMethod, READ_METHODS } from "./read-only.ts";
export type { RpcEvent, RpcStats, RpcStatsEntry } from "./stats.ts";
export type { ExecuteKwRequest, OdooTransport, TransportCall } from "./transport.ts";
export type {
  AccessOperation,
  CallOptions,
  Domain,
  DomainLogic,
  DomainOperator,
  DomainTerm,
  FieldSpec,
  KnownModel,
  ModelName,
  OdooFieldInfo,
  OdooRecord,
  SearchReadOptions,
  ServerVersion,
  Specification,
  WebSearchReadOptions,
} from "./types.ts";
export type { ServerProfile } from "./versions.ts";
export type { XmlRpcTransportOptions } from "./xmlrpc-transport.ts";
export { createXmlRpcTransport } from "./xmlrpc-transport.ts";
