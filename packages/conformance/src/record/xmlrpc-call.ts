/**
 * An XML-RPC `<methodCall>` as Python's `xmlrpc.client` writes it (the wire format of Odoo's
 * External API documentation), for the probes, which must send exactly what they say.
 */
export type XmlRpcValue =
  | string
  | number
  | boolean
  | readonly XmlRpcValue[]
  | { readonly [key: string]: XmlRpcValue };

const xmlEscape = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

function value(v: XmlRpcValue): string {
  if (typeof v === "string") return `<value><string>${xmlEscape(v)}</string></value>`;
  if (typeof v === "boolean") return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === "number") {
    return Number.isInteger(v)
      ? `<value><int>${v}</int></value>`
      : `<value><double>${v}</double></value>`;
  }
  if (Array.isArray(v)) {
    return `<value><array><data>\n${v.map(value).join("\n")}\n</data></array></value>`;
  }
  const members = Object.entries(v as Record<string, XmlRpcValue>).map(
    ([name, member]) => `<member>\n<name>${xmlEscape(name)}</name>\n${value(member)}\n</member>`,
  );
  return `<value><struct>\n${members.join("\n")}\n</struct></value>`;
}

export function methodCall(method: string, params: readonly XmlRpcValue[]): string {
  const body = params.map((p) => `<param>\n${value(p)}\n</param>`).join("\n");
  return `<?xml version='1.0'?>\n<methodCall>\n<methodName>${xmlEscape(method)}</methodName>\n<params>\n${body}\n</params>\n</methodCall>\n`;
}
