/** The TCP gate in front of a stand-in: refusing for real, and opening again on the same port. */
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Gate, startGate } from "../src/faults/gate.ts";

let upstream: Server;
let gate: Gate;

beforeAll(async () => {
  upstream = createServer((_req, res) => res.end("upstream"));
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const { port } = upstream.address() as { port: number };
  gate = await startGate(`http://127.0.0.1:${port}`);
});
afterAll(async () => {
  await gate?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

it("opens again on the same port when it is briefly taken, instead of failing", async () => {
  expect(await (await fetch(gate.url)).text()).toBe("upstream");
  await gate.set("refuse");
  await expect(fetch(gate.url)).rejects.toThrow();
  // Someone else holds the gate's port for a moment while it re-opens.
  const squatter = createTcpServer();
  await new Promise<void>((resolve) =>
    squatter.listen(Number(new URL(gate.url).port), "127.0.0.1", resolve),
  );
  const opening = gate.set("open");
  await new Promise((resolve) => setTimeout(resolve, 200));
  await new Promise((resolve) => squatter.close(resolve));
  await opening;
  expect(await (await fetch(gate.url)).text()).toBe("upstream");
});
