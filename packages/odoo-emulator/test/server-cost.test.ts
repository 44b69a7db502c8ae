/**
 * The server-cost model: each Odoo request holds one of `workers` workers for the time the
 * model charges, requests beyond the pool wait in arrival order. Observed through the gauges
 * (in flight, busy, queued) and the order of the answers, never through elapsed time.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEMO, REAL_ODOO_COST, type RunningEmulator, startEmulator } from "../src/index.ts";
import { costOf, countRelations, flatCost, rpcCall } from "../src/server-cost.ts";

const started: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emulator) => emulator.close()));
});
const start = async (options: Parameters<typeof startEmulator>[0]) => {
  const emulator = await startEmulator(options);
  started.push(emulator);
  return emulator;
};

const version = (emulator: RunningEmulator, signal?: AbortSignal) =>
  fetch(`${emulator.url}/xmlrpc/2/common`, {
    method: "POST",
    body: "<methodCall><methodName>version</methodName><params/></methodCall>",
    ...(signal ? { signal } : {}),
  }).then((response) => response.text());

const control = async (emulator: RunningEmulator, path: string, body?: unknown) => {
  const response = await fetch(`${emulator.url}/__emulator/${path}`, {
    method: body === undefined ? "GET" : "POST",
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("the worker pool", () => {
  it("serves as many requests as it has workers; the others wait, and count as in flight", async () => {
    const emulator = await start({ serverMs: 400, workers: 2 });
    const answers = Promise.all([1, 2, 3, 4, 5].map(() => version(emulator)));
    await vi.waitFor(() =>
      expect(emulator.workerGauge()).toEqual({ workers: 2, busy: 2, queued: 3 }),
    );
    expect(emulator.inFlight().now).toBe(5);
    expect(await answers).toHaveLength(5);
    expect(emulator.workerGauge()).toEqual({ workers: 2, busy: 0, queued: 0 });
    expect(emulator.inFlight()).toEqual({ now: 0, peak: 5 });
  });

  it("serves waiting requests first come, first served", async () => {
    const emulator = await start({ serverMs: 300, workers: 1 });
    const finished: number[] = [];
    const calls: Promise<void>[] = [];
    for (const n of [1, 2, 3, 4]) {
      calls.push(version(emulator).then(() => void finished.push(n)));
      // The next request leaves only once this one holds the worker or waits for it.
      await vi.waitFor(() =>
        expect(emulator.workerGauge()).toMatchObject({ busy: 1, queued: n - 1 }),
      );
    }
    await Promise.all(calls);
    expect(finished).toEqual([1, 2, 3, 4]);
  });

  it("has no limit by default, and takes more workers at run time", async () => {
    const unlimited = await start({ serverMs: 300 });
    const all = Promise.all([1, 2, 3, 4].map(() => version(unlimited)));
    await vi.waitFor(() =>
      expect(unlimited.workerGauge()).toEqual({ workers: 0, busy: 4, queued: 0 }),
    );
    await all;

    const emulator = await start({ serverMs: 300, workers: 1 });
    const queued = Promise.all([1, 2, 3].map(() => version(emulator)));
    await vi.waitFor(() =>
      expect(emulator.workerGauge()).toEqual({ workers: 1, busy: 1, queued: 2 }),
    );
    emulator.setServerCost({ workers: 3 });
    expect(emulator.workerGauge()).toEqual({ workers: 3, busy: 3, queued: 0 });
    await queued;
  });

  it("frees the worker of a request whose client gave up", async () => {
    const emulator = await start({ serverMs: 60_000, workers: 1 });
    const controller = new AbortController();
    const stuck = version(emulator, controller.signal);
    await vi.waitFor(() => expect(emulator.workerGauge().busy).toBe(1));
    const next = version(emulator);
    await vi.waitFor(() => expect(emulator.workerGauge().queued).toBe(1));
    emulator.setServerCost({ serverMs: 0 });
    controller.abort();
    await expect(stuck).rejects.toThrow(/abort/i);
    expect(await next).toContain("server_version");
    expect(emulator.workerGauge()).toEqual({ workers: 1, busy: 0, queued: 0 });
  });

  it("holds a worker longer for each relation a specification follows", async () => {
    const model = { ...flatCost(0), relationMs: 60_000 };
    const emulator = await start({ serverMs: model, workers: 2 });
    const { integration } = DEMO.users;
    const controller = new AbortController();
    const nested = fetch(`${emulator.url}/xmlrpc/2/object`, {
      method: "POST",
      signal: controller.signal,
      body: `<methodCall><methodName>execute_kw</methodName><params>
        <param><value><string>${DEMO.db}</string></value></param><param><value><int>${integration.id}</int></value></param>
        <param><value><string>${integration.password}</string></value></param><param><value><string>stock.lot</string></value></param>
        <param><value><string>web_search_read</string></value></param><param><value><array><data/></array></value></param>
        <param><value><struct><member><name>domain</name><value><array><data/></array></value></member>
        <member><name>specification</name><value><struct><member><name>product_id</name><value><struct>
        <member><name>fields</name><value><struct><member><name>name</name><value><struct/></value></member></struct></value></member>
        </struct></value></member></struct></value></member>
        </struct></value></param></params></methodCall>`,
    });
    await vi.waitFor(() => expect(emulator.workerGauge().busy).toBe(1));
    // A request without relations costs nothing and is answered meanwhile.
    expect(await version(emulator)).toContain("server_version");
    expect(emulator.workerGauge().busy).toBe(1);
    controller.abort();
    await expect(nested).rejects.toThrow(/abort/i);
    await vi.waitFor(() => expect(emulator.workerGauge().busy).toBe(0));
  });
});

describe("the cost of a call", () => {
  const model = REAL_ODOO_COST[19];
  it("is the protocol's request cost plus the relations, or the version / authenticate cost", () => {
    const call = (protocol: "xmlrpc" | "json2", service: string, method: string, relations = 0) =>
      costOf(model, { protocol, service, method, relations });
    expect(call("xmlrpc", "object", "execute_kw")).toBe(model.requestMs.xmlrpc);
    expect(call("json2", "object", "web_search_read", 10)).toBe(
      model.requestMs.json2 + 10 * model.relationMs,
    );
    expect(call("xmlrpc", "common", "version")).toBe(model.versionMs);
    expect(call("xmlrpc", "db", "list")).toBe(model.versionMs);
    expect(call("xmlrpc", "common", "authenticate")).toBe(model.authenticateMs);
    expect(
      costOf(flatCost(7), { protocol: "jsonrpc", service: "object", method: "x", relations: 3 }),
    ).toBe(7);
  });

  it("counts every relation whose comodel is read, at any depth; a label or ids alone are free", () => {
    const spec = {
      name: {},
      product_id: {},
      lot_id: { fields: { name: {}, product_id: { fields: { display_name: {} } } } },
      move_id: {
        fields: {
          sale_line_id: { fields: { order_id: { fields: { order_line: { fields: {} } } } } },
        },
      },
    };
    // lot_id, move_id, sale_line_id, order_id; not the product's label nor order_line's ids.
    expect(countRelations(spec)).toBe(4);
    expect(countRelations(["name"])).toBe(0);
  });

  it("finds the specification of an XML-RPC call in its arguments or keyword arguments", () => {
    const spec = { lot_id: { fields: { name: {} } } };
    const params = (args: unknown[], kwargs: object) => [
      "db",
      2,
      "pw",
      "stock.move.line",
      "web_search_read",
      args,
      kwargs,
    ];
    expect(rpcCall("xmlrpc", "object", "execute_kw", params([[], spec], {})).relations).toBe(1);
    expect(
      rpcCall("xmlrpc", "object", "execute_kw", params([], { specification: spec })).relations,
    ).toBe(1);
    const read = ["db", 2, "pw", "stock.move.line", "search_read", [[]], {}];
    expect(rpcCall("jsonrpc", "object", "execute_kw", read).relations).toBe(0);
  });
});

describe("the control endpoint and the options", () => {
  it("sets the cost and the workers, and shows them with the pool in the state", async () => {
    const emulator = await start({});
    expect(await control(emulator, "state")).toMatchObject({
      status: 200,
      body: { server_cost: flatCost(0), workers: 0, workers_busy: 0, queued: 0 },
    });
    expect(await control(emulator, "server-cost", { server_ms: 25, workers: 2 })).toEqual({
      status: 200,
      body: { server_cost: flatCost(25), workers: 2 },
    });
    const real = await control(emulator, "server-cost", { server_ms: REAL_ODOO_COST[17] });
    expect(real.body).toEqual({ server_cost: REAL_ODOO_COST[17], workers: 2 });
    expect(emulator.serverCost()).toEqual(REAL_ODOO_COST[17]);
  });

  it.each([
    [{ server_ms: -1 }, "server_ms: expected a number of milliseconds from 0 to 600000"],
    [{ workers: 1.5 }, "workers: expected a non-negative integer (0 = no limit)"],
    [
      { server_ms: { requestMs: { xmlrpc: 1 } } },
      "requestMs.jsonrpc: expected a number of milliseconds",
    ],
    [{ speed: 1 }, "speed: unknown key (server_ms, workers)"],
    [{}, "expected server_ms and/or workers"],
    [[1], "expected a JSON object"],
    ["{", "body: invalid JSON"],
  ])("refuses %j with 400 and says why", async (body, message) => {
    const emulator = await start({ serverMs: 5, workers: 1 });
    const answer = await control(emulator, "server-cost", body);
    expect(answer.status).toBe(400);
    expect((answer.body.error as { message: string }).message).toContain(message);
    expect(emulator.serverCost()).toEqual(flatCost(5));
    expect(emulator.workerGauge().workers).toBe(1);
  });

  it("refuses bad options with EMULATOR_BAD_ARGUMENTS", async () => {
    await expect(startEmulator({ workers: -1 })).rejects.toMatchObject({
      code: "EMULATOR_BAD_ARGUMENTS",
    });
    await expect(startEmulator({ serverMs: Number.NaN })).rejects.toMatchObject({
      code: "EMULATOR_BAD_ARGUMENTS",
    });
  });
});
