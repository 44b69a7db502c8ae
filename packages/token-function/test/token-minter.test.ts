import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@jsm-odoo/function-runtime";
import { type RunningLocalIssuer, signTestToken, startLocalIssuer } from "@jsm-odoo/local-issuer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenMinter } from "../src/token-minter.ts";
import { LOOKUP_PROD, TRIGGER_PROD } from "./harness.ts";

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
  body: unknown;
}

/** Stands in for IAM Credentials and records what the minter sent; answers `reply()`. */
describe("token minter, as a client of generateIdToken", () => {
  let issuer: RunningLocalIssuer;
  let server: Server;
  let endpoint: string;
  const seen: Seen[] = [];
  let reply: () => Promise<{ status: number; body: unknown }>;

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    server = createServer(async (req: IncomingMessage, res) => {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        body: JSON.parse(raw),
      });
      const { status, body } = await reply();
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await issuer.close();
  });

  const minter = (tokenMinter: "iam" | "local") =>
    createTokenMinter({
      config: {
        tokenMinter,
        iamCredentialsEndpoint: endpoint,
        environments: { prod: { lookupUrl: LOOKUP_PROD, triggerAccount: TRIGGER_PROD } },
      },
      logger: createLogger({ write: () => {} }),
      accessToken: async () => "ya29.access-token",
    });

  it("asks IAM Credentials with the function's access token, for the trigger account and the lookup audience", async () => {
    seen.length = 0;
    reply = async () => ({
      status: 200,
      body: { token: await signTestToken(issuer, { aud: LOOKUP_PROD }) },
    });
    await minter("iam").tokenFor("prod");
    expect(seen).toEqual([
      {
        method: "POST",
        url: `/v1/projects/-/serviceAccounts/${encodeURIComponent(TRIGGER_PROD)}:generateIdToken`,
        authorization: "Bearer ya29.access-token",
        body: { audience: LOOKUP_PROD, includeEmail: true },
      },
    ]);
  });

  it("sends no credentials to the local issuer, and concurrent callers share one mint", async () => {
    seen.length = 0;
    reply = async () => ({
      status: 200,
      body: { token: await signTestToken(issuer, { aud: LOOKUP_PROD }) },
    });
    const local = minter("local");
    const [a, b] = await Promise.all([local.tokenFor("prod"), local.tokenFor("prod")]);
    expect(a).toBe(b);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toBeUndefined();
  });

  it.each([
    {
      name: "an IAM error",
      status: 403,
      body: { error: { code: 403, status: "PERMISSION_DENIED" } },
      message: "generateIdToken for prod answered HTTP 403 PERMISSION_DENIED",
    },
    {
      name: "a body without token",
      status: 200,
      body: {},
      message: "generateIdToken for prod answered HTTP 200",
    },
    {
      name: "a token that is not a JWT",
      status: 200,
      body: { token: "not-a-jwt" },
      message: "generateIdToken answered something that is not a JWT",
    },
  ])("fails with MINT_FAILED on $name", async ({ status, body, message }) => {
    reply = async () => ({ status, body });
    await expect(minter("local").tokenFor("prod")).rejects.toMatchObject({
      code: "MINT_FAILED",
      message,
    });
  });
});
