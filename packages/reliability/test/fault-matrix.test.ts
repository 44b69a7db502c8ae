/**
 * The fault matrix in the normal test run: Odoo, token minting and token keys broken
 * in every documented way, plus the lookup's Secret Manager outages that the deadline or the
 * refresh wait cut short. The rows that wait out a bounded Secret Manager read take longer and
 * run in fault-matrix.secret-manager.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultObservation, observeFaultMatrix } from "../src/faults/matrix.ts";
import { FAULT_SCENARIOS } from "../src/faults/scenarios.ts";
import { type Stack, startStack } from "../src/stack.ts";
import { expectKeptPromises, SECRET_MANAGER_ROWS } from "./fault-matrix.helpers.ts";

const names = FAULT_SCENARIOS.map((scenario) => scenario.name).filter(
  (name) => !SECRET_MANAGER_ROWS.includes(name),
);
let stack: Stack;
let observations: FaultObservation[];

beforeAll(async () => {
  stack = await startStack();
  observations = await observeFaultMatrix({ stack, only: names });
}, 60_000);
afterAll(() => stack?.close());

describe("when a stand-in breaks, the caller still gets the documented JSON answer in time", () => {
  it.each(names)("%s", (name) => {
    expectKeptPromises(observations.find((o) => o.scenario.name === name));
  });
});

describe("the faults are the real thing", () => {
  it("makes the emulator answer 502 with nginx's HTML page, as a proxy in front of Odoo does", async () => {
    stack.emulator.faults.inject({ kind: "http-502", times: 1 });
    const response = await fetch(`${stack.emulator.url}/xmlrpc/2/common`, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: "<?xml version='1.0'?><methodCall><methodName>version</methodName><params/></methodCall>",
    });
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("<h1>502 Bad Gateway</h1>");
    expect(stack.emulator.faults.active()).toBe(0);
  });

  it("reports each scenario as an evidence row in operator words", () => {
    for (const { row } of observations) {
      expect(row.area).toBe("faults");
      expect(row.observed).toMatch(
        / in \d+ ms; .*; next 200( after \d+ ms)?; leaks 0; unhandled rejections 0$/,
      );
    }
    expect(observations.map((o) => o.scenario.name)).toEqual(names);
  });
});
