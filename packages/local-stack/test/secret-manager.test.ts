import { DEMO } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type InProcessStack, startLocalStack } from "../src/testing.ts";

let stack: InProcessStack;
beforeAll(async () => {
  stack = await startLocalStack({ secrets: "secret-manager" });
});
afterAll(() => stack?.close());

it("reads the Odoo secrets through the real Secret Manager client: a token from the token function opens the lookup", async () => {
  const minted = await fetch(stack.token.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password: stack.accessPassword, environment: "prod" }),
  });
  expect(minted.status).toBe(200);
  const { token } = (await minted.json()) as { token: string };
  const answer = await fetch(stack.lookup("prod").url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ serial_number: DEMO.serials.kit }),
  });
  expect(answer.status).toBe(200);
  expect(stack.secretManager.requests.length).toBeGreaterThan(0);
});
