import { createServer } from "node:net";
import { DEMO } from "@jsm-odoo/odoo-emulator";
import { describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../src/testing.ts";

/** Whether something still listens on the port of `url`. */
async function listening(url: string): Promise<boolean> {
  const server = createServer();
  const taken = await new Promise<boolean>((done) => {
    server.once("error", () => done(true));
    server.listen(Number(new URL(url).port), "127.0.0.1", () => done(false));
  });
  if (!taken) await new Promise((done) => server.close(done));
  return taken;
}

async function tokenFrom(stack: LocalStack, environment: string): Promise<Response> {
  return fetch(stack.token.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password: stack.accessPassword, environment }),
  });
}

function lookup(url: string, token: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ serial_number: DEMO.serials.kit }),
  });
}

describe.each([
  { run: "in-process" as const, timeout: 30_000 },
  { run: "processes" as const, timeout: 120_000 },
])("the local stack, functions $run", ({ run, timeout }) => {
  it(
    "starts, a token from the token function is accepted by the lookup, and stops freeing every port",
    async () => {
      const stack: LocalStack = await startLocalStack({ run });
      const urls = [stack.emulator.url, stack.issuer.url, stack.token.url];
      try {
        urls.push(stack.lookup("prod").url, stack.lookup("stage").url);
        expect(stack.lookup("prod").url).toBe(stack.audience.prod);

        const minted = await tokenFrom(stack, "prod");
        expect(minted.status).toBe(200);
        const { token } = (await minted.json()) as { token: string };
        const found = await lookup(stack.lookup("prod").url, token);
        expect(found.status).toBe(200);
        expect(await found.json()).toMatchObject({
          results: [{ serial_number: DEMO.serials.kit, found: true }],
        });
        // The token names its environment: the other lookup refuses it.
        expect((await lookup(stack.lookup("stage").url, token)).status).toBe(403);

        expect(stack.logs.length).toBeGreaterThan(0);
        const logged = stack.logs.join("\n");
        for (const secret of stack.secrets()) expect(logged).not.toContain(secret);
        expect(logged).not.toContain(token);
      } finally {
        await stack.close();
      }
      for (const url of urls) expect(await listening(url), url).toBe(false);
    },
    timeout,
  );
});

describe("the local stack's options", () => {
  it("starts only the lookups asked for, and says so for another", async () => {
    const stack = await startLocalStack({ environments: ["prod"], lookups: [] });
    try {
      expect(() => stack.lookup("prod")).toThrow("no prod lookup was started with the stack");
      const lookupFn = await stack.startLookup("prod", { REQUEST_DEADLINE_MS: "5000" });
      expect(lookupFn.env.REQUEST_DEADLINE_MS).toBe("5000");
      expect(lookupFn.env.EXPECTED_AUDIENCE).toBe(stack.audience.prod);
      const found = await lookup(lookupFn.url, await stack.signToken("prod"));
      expect(found.status).toBe(200);
      // The token function serves prod only.
      expect((await tokenFrom(stack, "stage")).status).toBe(400);
    } finally {
      await stack.close();
    }
  });

  it("refuses Secret Manager secrets for functions in child processes", async () => {
    await expect(startLocalStack({ run: "processes", secrets: "secret-manager" })).rejects.toThrow(
      "secrets from Secret Manager need run: in-process",
    );
  });
});
