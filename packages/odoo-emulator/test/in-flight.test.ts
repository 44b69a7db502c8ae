import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(() => {
  emulator.faults.clear();
  emulator.setLatency(0);
  emulator.resetPeak();
});
afterAll(() => emulator.close());

const version = async (signal?: AbortSignal) => {
  const response = await fetch(`${emulator.url}/xmlrpc/2/common`, {
    method: "POST",
    body: "<methodCall><methodName>version</methodName><params/></methodCall>",
    ...(signal ? { signal } : {}),
  });
  return { status: response.status, text: await response.text() };
};

const state = async () =>
  (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as Record<string, unknown>;

describe("the in-flight gauge", () => {
  it("counts Odoo requests received and not yet answered, and remembers the peak", async () => {
    expect(emulator.inFlight()).toEqual({ now: 0, peak: 0 });
    emulator.setLatency(150);
    const calls = Promise.all([version(), version(), version()]);
    await vi.waitFor(() => expect(emulator.inFlight().now).toBe(3));
    // Control requests are neither counted nor delayed.
    expect(await state()).toMatchObject({ in_flight: 3, in_flight_peak: 3 });
    const answers = await calls;
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(emulator.inFlight()).toEqual({ now: 0, peak: 3 });
  });

  it("starts a new peak on reset, in process and over the control endpoint", async () => {
    await Promise.all([version(), version()]);
    expect(emulator.inFlight().peak).toBeGreaterThanOrEqual(1);
    expect(emulator.resetPeak()).toEqual({ now: 0, peak: expect.any(Number) });
    expect(emulator.inFlight()).toEqual({ now: 0, peak: 0 });
    await version();
    const reset = await fetch(`${emulator.url}/__emulator/in-flight-peak`, { method: "DELETE" });
    expect([reset.status, await reset.json()]).toEqual([200, { in_flight: 0, in_flight_peak: 1 }]);
    expect(await state()).toMatchObject({ in_flight: 0, in_flight_peak: 0 });
  });

  it("counts a hanging request until the client gives up", async () => {
    emulator.faults.inject({ match: { method: "version" }, kind: "hang", times: 1 });
    const controller = new AbortController();
    const hung = version(controller.signal);
    await vi.waitFor(() => expect(emulator.inFlight().now).toBe(1));
    controller.abort();
    await expect(hung).rejects.toThrow(/abort/i);
    await vi.waitFor(() => expect(emulator.inFlight()).toEqual({ now: 0, peak: 1 }));
  });

  it("counts answers that are refusals too (404, 405)", async () => {
    const notFound = await fetch(`${emulator.url}/nothing`);
    await notFound.text();
    expect(notFound.status).toBe(404);
    expect(emulator.inFlight()).toEqual({ now: 0, peak: 1 });
  });
});
