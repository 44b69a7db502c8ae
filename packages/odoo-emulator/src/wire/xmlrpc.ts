/**
 * XML-RPC wire format through the `xmlrpc` package's own Deserializer and Serializer.
 *
 * Notes on the library (node_modules/xmlrpc/lib): a `<value>` without a type element reads as a
 * string (empty for `<value/>`), as the XML-RPC spec and Python's xmlrpc.client do; `<nil/>`
 * reads as null; `<i8>` as a string. Numbers serialize as `<int>` when integral, so Python
 * floats (PyFloat) are emitted explicitly as `<double>`. Odoo never sends `<nil/>` (it
 * marshals with allow_none=False) and dates travel as plain strings.
 */
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import type { WireValue } from "../read.ts";
import { PyFloat } from "../values.ts";

interface DeserializerInstance {
  deserializeMethodCall(
    stream: NodeJS.ReadableStream,
    callback: (error: Error | null | undefined, method?: string, params?: unknown[]) => void,
  ): void;
}
interface SerializerModule {
  serializeMethodResponse(value: unknown): string;
  serializeFault(fault: { faultCode: number; faultString: string }): string;
}
interface CustomTypeInstance {
  raw: string;
  tagName: string;
}

const require = createRequire(import.meta.url);
const Deserializer = require("xmlrpc/lib/deserializer") as new () => DeserializerInstance;
const serializer = require("xmlrpc/lib/serializer") as SerializerModule;
const CustomType = require("xmlrpc/lib/customtype") as { prototype: object };

export interface XmlRpcCall {
  method: string;
  params: unknown[];
}

/** Parses a `<methodCall>`; rejects with the parser's message for malformed input. */
export const parseMethodCall = (body: Buffer): Promise<XmlRpcCall> =>
  new Promise((resolve, reject) => {
    let settled = false;
    const stream = new PassThrough();
    new Deserializer().deserializeMethodCall(stream, (error, method, params) => {
      if (settled) return;
      settled = true;
      if (error || method === undefined) reject(error ?? new Error("Invalid XML-RPC message"));
      else resolve({ method, params: params ?? [] });
    });
    stream.end(body);
  });

const double = (value: number): CustomTypeInstance => {
  const node = Object.create(CustomType.prototype) as CustomTypeInstance;
  node.raw = Number.isInteger(value) ? `${value}.0` : String(value);
  node.tagName = "double";
  return node;
};

/** Replaces PyFloat by `<double>` nodes (the serializer knows only its CustomType). */
const toXmlRpc = (value: WireValue): unknown => {
  if (value instanceof PyFloat) return double(value.value);
  if (Array.isArray(value)) return value.map(toXmlRpc);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toXmlRpc(v)]));
  }
  return value;
};

export const methodResponse = (value: WireValue): string =>
  serializer.serializeMethodResponse(toXmlRpc(value));

export const faultResponse = (faultCode: number, faultString: string): string =>
  serializer.serializeFault({ faultCode, faultString });

/** A response cut off mid-document, for the "malformed-xml" fault injection. */
export const truncatedResponse = (): string =>
  "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>1";
