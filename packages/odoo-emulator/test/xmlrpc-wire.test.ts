import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, type RunningEmulator, startEmulator } from "../src/index.ts";
import { integration, parseXmlResponse, postXml, xmlCall } from "./helpers.ts";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const executeKw = (
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
) =>
  xmlCall(emulator.url, "object", "execute_kw", [
    DEMO.db,
    integration.id,
    integration.password,
    model,
    method,
    args,
    kwargs,
  ]);

describe("XML-RPC serialization of read values", () => {
  it("sends many2one as [id, display_name], x2many as id arrays, dates as strings and floats as <double>", async () => {
    const { value } = await executeKw("sale.order", "search_read", [[["name", "=", "S00012"]]], {
      fields: ["partner_shipping_id", "order_line", "date_order", "amount_total", "x_tracking_no"],
    });
    expect(value).toEqual([
      {
        id: expect.any(Number),
        partner_shipping_id: [12, "Bjørn Ødegård AS, Lager Sandsli"],
        order_line: [expect.any(Number), expect.any(Number)],
        date_order: "2024-02-20 13:45:00",
        amount_total: 17490,
        x_tracking_no: "TRK-NO-558201",
      },
    ]);
    const raw = await postXml(
      emulator.url,
      "object",
      `<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params>
        <param><value><string>${DEMO.db}</string></value></param><param><value><int>${integration.id}</int></value></param>
        <param><value>${integration.password}</value></param><param><value>sale.order.line</value></param>
        <param><value>read</value></param><param><value><array><data><value><int>1</int></value></data></array></value></param>
        <param><value><struct><member><name>fields</name><value><array><data><value>price_unit</value></data></array></value></member></struct></value></param>
      </params></methodCall>`,
    );
    expect(raw.contentType).toBe("text/xml; charset=utf-8");
    expect(raw.text).toContain("<name>price_unit</name><value><double>14990.0</double></value>");
  });

  it("sends empty values as false and the many2one of a missing link as false", async () => {
    const { value } = await executeKw("res.partner", "read", [[21]], {
      fields: ["name", "email", "parent_id", "child_ids"],
    });
    expect(value).toEqual([
      {
        id: 21,
        name: false,
        email: false,
        parent_id: [20, "Société Générale Équipement"],
        child_ids: [],
      },
    ]);
  });

  it("reads an untyped <value/> as an empty string, like Python's xmlrpc.client", async () => {
    const { value } = await xmlCall(emulator.url, "common", "authenticate", [
      DEMO.db,
      integration.login,
      "",
      {},
    ]);
    expect(value).toBe(false);
    const raw = await postXml(
      emulator.url,
      "common",
      `<?xml version="1.0"?><methodCall><methodName>authenticate</methodName><params><param><value>${DEMO.db}</value></param><param><value>${integration.login}</value></param><param><value/></param><param><value><struct/></value></param></params></methodCall>`,
    );
    expect((await parseXmlResponse(raw.text)).value).toBe(false);
  });

  it("answers a malformed request body with fault 1 and a traceback", async () => {
    const raw = await postXml(
      emulator.url,
      "object",
      "<methodCall><methodName>execute_kw</methodName><params>",
    );
    const { fault } = await parseXmlResponse(raw.text);
    expect(raw.status).toBe(200);
    expect(fault?.faultCode).toBe(1);
    expect(fault?.faultString).toMatch(/^Traceback \(most recent call last\):/);
  });

  it.each([
    ["GET on an RPC route", "GET", "/xmlrpc/2/common", 405],
    ["an unknown route", "POST", "/web/nothing", 404],
    ["JSON-2 before it is emulated", "POST", "/json/2/res.partner/search_read", 404],
  ])("answers %s with HTTP %i", async (_name, method, path, status) => {
    const response = await fetch(`${emulator.url}${path}`, { method });
    await response.text();
    expect(response.status).toBe(status);
  });

  it("keeps connections alive between calls", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
      new Promise<boolean>((resolve, reject) => {
        const req = request(`${emulator.url}/xmlrpc/2/common`, { method: "POST", agent }, (res) => {
          res.resume();
          res.on("end", () => resolve(req.reusedSocket));
        });
        req.on("error", reject);
        req.end("<methodCall><methodName>version</methodName><params/></methodCall>");
      });
    try {
      expect([await post(), await post()]).toEqual([false, true]);
    } finally {
      agent.destroy();
    }
  });
});
