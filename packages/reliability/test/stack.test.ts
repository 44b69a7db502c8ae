import { DEMO } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ACCESS_PASSWORD, type Stack, startStack } from "../src/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ secrets: "secret-manager" });
});
afterAll(() => stack?.close());

it("serves the whole flow: a token from the token function opens the lookup", async () => {
  const minted = await fetch(stack.token.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password: ACCESS_PASSWORD, environment: "prod" }),
  });
  expect(minted.status).toBe(200);
  const { token } = (await minted.json()) as { token: string };
  const answer = await fetch(stack.lookup.prod.url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ serial_number: DEMO.serials.kit }),
  });
  expect(answer.status).toBe(200);
  expect(stack.secretManager.requests.length).toBeGreaterThan(0);
});
