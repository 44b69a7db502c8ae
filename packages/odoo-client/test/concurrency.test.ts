import { describe, expect, it } from "vitest";
import { createOdooClient } from "../src/index.ts";
import { OPTIONS, spyTransport } from "./helpers/fake-transport.ts";

/** A transport that holds every executeKw until released, counting how many it holds at once. */
function gatedTransport() {
  let held = 0;
  let peak = 0;
  const gates: Array<() => void> = [];
  const transport = spyTransport({
    execute: async () => {
      held += 1;
      peak = Math.max(peak, held);
      await new Promise<void>((resolve) => gates.push(resolve));
      held -= 1;
      return [];
    },
  });
  return {
    transport,
    peak: () => peak,
    held: () => held,
    releaseAll: () => {
      for (const open of gates.splice(0)) open();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("requests in flight", () => {
  it("never exceed maxConcurrentRequests; the rest wait and then run", async () => {
    const gated = gatedTransport();
    const client = createOdooClient({
      ...OPTIONS,
      transport: gated.transport,
      maxConcurrentRequests: 3,
    });
    const reads = Array.from({ length: 10 }, () =>
      client.searchRead("res.partner", [], { fields: ["name"] }),
    );
    await settle();
    expect(gated.held()).toBe(3);
    while (gated.transport.calls.executeKw.length < 10) {
      gated.releaseAll();
      await settle();
    }
    gated.releaseAll();
    await expect(Promise.all(reads)).resolves.toHaveLength(10);
    expect(gated.peak()).toBe(3);
  });

  it("default to 6, so one serial's round of reads is never queued", async () => {
    const gated = gatedTransport();
    const client = createOdooClient({ ...OPTIONS, transport: gated.transport });
    const reads = Array.from({ length: 9 }, () =>
      client.searchRead("res.partner", [], { fields: ["name"] }),
    );
    await settle();
    expect(gated.held()).toBe(6);
    while (gated.transport.calls.executeKw.length < 9) {
      gated.releaseAll();
      await settle();
    }
    gated.releaseAll();
    await Promise.all(reads);
    expect(gated.peak()).toBe(6);
  });

  it("let a queued read leave at its deadline without ever being sent", async () => {
    const gated = gatedTransport();
    const client = createOdooClient({
      ...OPTIONS,
      transport: gated.transport,
      maxConcurrentRequests: 1,
      retry: { maxAttempts: 1 },
    });
    const first = client.searchRead("res.partner", [], { fields: ["name"] });
    await settle();
    const queued = client.searchRead(
      "res.partner",
      [],
      { fields: ["name"] },
      { deadline: Date.now() + 50 },
    );
    await expect(queued).rejects.toMatchObject({ code: "ODOO_TIMEOUT" });
    expect(gated.transport.calls.executeKw).toHaveLength(1);
    gated.releaseAll();
    await first;
  });

  it("are validated: a cap below 1 is refused with a clear message", () => {
    expect(() => createOdooClient({ ...OPTIONS, maxConcurrentRequests: 0 })).toThrow(
      /maxConcurrentRequests must be a number >= 1/,
    );
  });
});
