/**
 * An HTTP answer as the comparison sees it: the status, the protocol's own outcome (XML-RPC
 * result or fault, JSON-2 result or error body, an HTML page) and the text that identifies an
 * error: a fault's or JSON error's first line, or, for a Python traceback (fault 1), its last
 * line, where the exception stands.
 */
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";

const require = createRequire(import.meta.url);
const Deserializer = require("xmlrpc/lib/deserializer") as new () => {
  deserializeMethodResponse(
    stream: PassThrough,
    callback: (error: unknown, value: unknown) => void,
  ): void;
};

export type Answer =
  | { status: number; kind: "result"; value: unknown }
  | { status: number; kind: "fault"; code: number | string; message: string; body?: unknown }
  | { status: number; kind: "page"; text: string };

const firstLine = (text: string) => (text.trim().split("\n")[0] ?? "").trim();

/** A traceback's exception line (the last); any other text's first line. */
export const messageLine = (text: string) => {
  const trimmed = text.trim();
  if (!trimmed.startsWith("Traceback")) return firstLine(trimmed);
  return (trimmed.split("\n").at(-1) ?? "").trim();
};

const parseXml = (
  text: string,
): Promise<{ value?: unknown; fault?: { code: number; text: string } }> =>
  new Promise((resolve, reject) => {
    const stream = new PassThrough();
    new Deserializer().deserializeMethodResponse(stream, (error, value) => {
      const fault = error as { faultCode?: unknown; faultString?: unknown } | null;
      if (fault && typeof fault.faultCode === "number") {
        resolve({ fault: { code: fault.faultCode, text: String(fault.faultString ?? "") } });
      } else if (error) reject(error);
      else resolve({ value });
    });
    stream.end(text);
  });

const pageText = (html: string) =>
  html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

export async function toAnswer(status: number, contentType: string, body: string): Promise<Answer> {
  if (contentType.includes("xml") && body.includes("<methodResponse>")) {
    const parsed = await parseXml(body);
    return parsed.fault
      ? { status, kind: "fault", code: parsed.fault.code, message: messageLine(parsed.fault.text) }
      : { status, kind: "result", value: parsed.value };
  }
  if (contentType.includes("json")) {
    const value: unknown = JSON.parse(body);
    const error = value as { name?: unknown; message?: unknown } | null;
    if (status !== 200 && error && typeof error === "object" && typeof error.name === "string") {
      return {
        status,
        kind: "fault",
        code: error.name,
        message: messageLine(String(error.message ?? "")),
        body: value,
      };
    }
    return { status, kind: "result", value };
  }
  return { status, kind: "page", text: pageText(body) };
}
