import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO, type RunningEmulator, startEmulator } from "../src/index.ts";
import { integration, jsonRpc, parseXmlResponse, postXml, xmlCall } from "./helpers.ts";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ odooVersion: 15 });
});
afterEach(() => {
  emulator.faults.clear();
  emulator.setLatency(0);
});
afterAll(() => emulator.close());

const searchLots = () =>
  xmlCall(emulator.url, "object", "execute_kw", [
    DEMO.db,
    integration.id,
    integration.password,
    "stock.production.lot",
    "search",
    [[]],
  ]);
const version = () => xmlCall(emulator.url, "common", "version", []);

describe("fault injection", () => {
  it("answers HTTP 502 with an HTML page for the next N matching calls only", async () => {
    // Matching works with the newest model name too (stock.lot is stock.production.lot on 15).
    emulator.faults.inject({
      match: { model: "stock.lot", method: "search" },
      kind: "http-502",
      times: 1,
    });
    const body = `<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params><param><value>${DEMO.db}</value></param><param><value><int>${integration.id}</int></value></param><param><value>${integration.password}</value></param><param><value>stock.production.lot</value></param><param><value>search</value></param><param><value><array><data><value><array><data/></array></value></data></array></value></param></params></methodCall>`;
    const first = await postXml(emulator.url, "object", body);
    expect([first.status, first.contentType]).toEqual([502, "text/html; charset=utf-8"]);
    expect(first.text).toContain("<h1>502 Bad Gateway</h1>");
    expect((await version()).value).toMatchObject({ server_version: "15.0" });
    expect(Array.isArray((await searchLots()).value)).toBe(true);
  });

  it("refuses the connection by destroying the socket", async () => {
    emulator.faults.inject({ match: { service: "common" }, kind: "refuse-connection", times: 1 });
    await expect(version()).rejects.toThrow(/fetch failed/);
    expect((await version()).value).toMatchObject({ protocol_version: 1 });
  });

  it("hangs until the client gives up", async () => {
    emulator.faults.inject({ match: { method: "about" }, kind: "hang", times: 1 });
    const before = emulator.requests();
    const controller = new AbortController();
    let settled = false;
    const hung = fetch(`${emulator.url}/xmlrpc/2/common`, {
      method: "POST",
      body: "<methodCall><methodName>about</methodName><params/></methodCall>",
      signal: controller.signal,
    }).finally(() => {
      settled = true;
    });
    // Wait until the server has the request, so that it cannot arrive after this test.
    await vi.waitFor(() => expect(emulator.requests()).toBe(before + 1));
    await sleep(100);
    expect(settled).toBe(false);
    controller.abort();
    await expect(hung).rejects.toThrow(/abort/i);
  });

  it("sends malformed XML that no XML-RPC client can parse", async () => {
    emulator.faults.inject({
      match: { service: "common", method: "version" },
      kind: "malformed-xml",
      times: 1,
    });
    const { status, text } = await postXml(
      emulator.url,
      "common",
      "<methodCall><methodName>version</methodName><params/></methodCall>",
    );
    expect(status).toBe(200);
    await expect(parseXmlResponse(text)).rejects.toThrow();
  });

  it("sends a chosen fault over XML-RPC and JSON-RPC until cleared", async () => {
    emulator.faults.inject({
      match: { model: "res.partner" },
      kind: { fault: { code: 4, string: "Injected" } },
    });
    const args = [DEMO.db, integration.id, integration.password, "res.partner", "search", [[]]];
    expect((await xmlCall(emulator.url, "object", "execute_kw", args)).fault).toEqual({
      faultCode: 4,
      faultString: "Injected",
    });
    const { body } = await jsonRpc(emulator.url, "object", "execute_kw", args);
    expect(body.error).toMatchObject({
      code: 200,
      data: { name: "odoo.exceptions.AccessError", message: "Injected" },
    });
    emulator.faults.clear();
    expect((await xmlCall(emulator.url, "object", "execute_kw", args)).fault).toBeUndefined();
  });

  it("rejects an invalid rule", () => {
    expect(() => emulator.faults.inject({ kind: "explode" as "hang" })).toThrow(/kind: expected/);
  });

  it("adds the configured latency to every request and counts requests", async () => {
    const before = emulator.requests();
    emulator.setLatency(80);
    const started = performance.now();
    await version();
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(emulator.requests()).toBe(before + 1);
  });
});

describe("control endpoint (for other processes)", () => {
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.url}/__emulator/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("injects and clears faults, sets latency and reports state", async () => {
    const injected = await control("POST", "faults", {
      match: { service: "common" },
      kind: "http-502",
      times: 2,
    });
    expect([injected.status, await injected.json()]).toEqual([201, { active: 1 }]);
    const failed = await fetch(`${emulator.url}/xmlrpc/2/common`, {
      method: "POST",
      body: "<methodCall><methodName>version</methodName></methodCall>",
    });
    await failed.text();
    expect(failed.status).toBe(502);
    expect(await (await control("DELETE", "faults")).json()).toEqual({ active: 0 });
    expect(await (await control("POST", "latency", { ms: 5 })).json()).toEqual({ latency_ms: 5 });
    expect(await (await control("GET", "state")).json()).toMatchObject({
      latency_ms: 5,
      faults_active: 0,
      db: DEMO.db,
      odoo_version: 15,
    });
  });

  it.each([
    ["an unknown kind", "POST", "faults", { kind: "boom" }, 400],
    ["a bad latency", "POST", "latency", { ms: -1 }, 400],
    ["an unknown route", "GET", "nothing", undefined, 404],
  ])("answers %s with a JSON error", async (_title, method, path, body, status) => {
    const response = await control(method, path, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  });
});
