/** Test helpers: raw XML-RPC and JSON-RPC calls over real HTTP. */
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { DEMO } from "../src/index.ts";

const require = createRequire(import.meta.url);
const serializer = require("xmlrpc/lib/serializer") as {
  serializeMethodCall(method: string, params: unknown[]): string;
};
const Deserializer = require("xmlrpc/lib/deserializer") as new () => {
  deserializeMethodResponse(
    stream: PassThrough,
    callback: (error: unknown, value: unknown) => void,
  ): void;
};

export interface XmlFault {
  faultCode: number;
  faultString: string;
}

/** POSTs a raw body to /xmlrpc/2/<service>; returns status and text. */
export const postXml = async (url: string, service: string, body: string) => {
  const response = await fetch(`${url}/xmlrpc/2/${service}`, {
    method: "POST",
    headers: { "Content-Type": "text/xml" },
    body,
  });
  return {
    status: response.status,
    text: await response.text(),
    contentType: response.headers.get("content-type"),
  };
};

export const parseXmlResponse = (text: string): Promise<{ value?: unknown; fault?: XmlFault }> =>
  new Promise((resolve, reject) => {
    const stream = new PassThrough();
    new Deserializer().deserializeMethodResponse(stream, (error, value) => {
      if (error && typeof (error as XmlFault).faultCode === "number") {
        resolve({
          fault: {
            faultCode: (error as XmlFault).faultCode,
            faultString: (error as XmlFault).faultString,
          },
        });
      } else if (error) reject(error);
      else resolve({ value });
    });
    stream.end(text);
  });

export const xmlCall = async (url: string, service: string, method: string, params: unknown[]) => {
  const { text } = await postXml(url, service, serializer.serializeMethodCall(method, params));
  return parseXmlResponse(text);
};

export const jsonRpc = async (url: string, service: string, method: string, args: unknown[]) => {
  const response = await fetch(`${url}/jsonrpc`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      method: "call",
      id: 7,
      params: { service, method, args },
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

export const integration = DEMO.users.integration;

/** execute_kw as the read-only integration user over JSON-RPC; returns result or throws the error data. */
export const executeKw = async (
  url: string,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
  user: { id: number; password: string } = integration,
): Promise<unknown> => {
  const { body } = await jsonRpc(url, "object", "execute_kw", [
    DEMO.db,
    user.id,
    user.password,
    model,
    method,
    args,
    kwargs,
  ]);
  if (body.error) {
    const data = (body.error as { data: { name: string; message: string } }).data;
    throw Object.assign(new Error(data.message), { odooName: data.name });
  }
  return body.result;
};
