import { createServer, type RequestListener, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { answerFrameworkBodyErrors, createLogger } from "../../src/index.ts";

const PASSWORD = "pw-Zq81-secret";
// Express as the framework resolves it (the same module instance the framework's app comes from).
const frameworkRequire = createRequire(
  createRequire(import.meta.url).resolve("@google-cloud/functions-framework"),
);
const express = frameworkRequire("express") as {
  (): RequestListener & { use(middleware: unknown): void };
  json(options: { limit: number }): unknown;
};

async function listen(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let counter = 0;
/** The real framework app (`getTestServer` runs the framework's `getServer`) around an echo. */
function frameworkServer(): Server {
  const name = `echo-${++counter}`;
  functions.http(name, (req, res) => {
    res.json({ received: req.body });
  });
  return getTestServer(name);
}

describe("answerFrameworkBodyErrors with the real Functions Framework over HTTP", () => {
  const lines: string[] = [];
  let consoleError: MockInstance<typeof console.error>;
  const previousEnv = process.env.NODE_ENV;
  let installed: ReturnType<typeof answerFrameworkBodyErrors>;
  let framework: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    // Express's default outside `test`: its final handler logs errors and shows stack traces.
    process.env.NODE_ENV = "development";
    consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    installed = answerFrameworkBodyErrors(createLogger({ write: (line) => lines.push(line) }));
    framework = await listen(frameworkServer());
  });
  afterAll(async () => {
    installed.restore();
    process.env.NODE_ENV = previousEnv;
    consoleError.mockRestore();
    await framework.close();
  });

  it("finds the framework's Express in the workspace", () => {
    expect(installed.mode).toBe("answer");
  });

  it("still hands well-formed bodies to the function", async () => {
    const res = await fetch(framework.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect([res.status, await res.json()]).toEqual([200, { received: { password: PASSWORD } }]);
  });

  it.each([
    {
      refused: "malformed JSON (a smart value with a quote in it)",
      headers: { "content-type": "application/json" },
      body: `{"password": "${PASSWORD}", "serials": "A"B"}`,
      status: 400,
      code: "INVALID_JSON",
    },
    {
      refused: "an unknown charset",
      headers: { "content-type": "application/json; charset=klingon" },
      body: `{"password": "${PASSWORD}"}`,
      status: 415,
      code: "UNSUPPORTED_CHARSET",
    },
    {
      refused: "an unknown Content-Encoding",
      headers: { "content-type": "application/json", "content-encoding": "x-secret" },
      body: `{"password": "${PASSWORD}"}`,
      status: 415,
      code: "UNSUPPORTED_ENCODING",
    },
    {
      refused: "a corrupt gzip body",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: gzipSync(`{"password": "${PASSWORD}"}`).subarray(0, 20),
      status: 400,
      code: "INVALID_COMPRESSED_BODY",
    },
  ])(
    "answers $refused with $status $code as JSON, and logs one line without the body",
    async (row) => {
      lines.length = 0;
      const res = await fetch(framework.url, {
        method: "POST",
        headers: row.headers,
        body: row.body,
      });
      const text = await res.text();
      expect(res.status).toBe(row.status);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = JSON.parse(text);
      expect(body).toEqual({
        message: expect.any(String),
        error: { code: row.code, message: body.message },
      });
      expect(text).not.toMatch(/<html|\bat \w|\.js:\d|password|pw-/i);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? "")).toMatchObject({ severity: "WARNING", code: row.code });
      expect(lines[0]).not.toContain(PASSWORD);
      expect(consoleError).not.toHaveBeenCalled();
    },
  );

  it("answers 413 BODY_TOO_LARGE for an over-limit body (body-parser's limit, here 16 bytes)", async () => {
    // The framework's limit is 1024 MB; an app from the same Express with a small one shows it.
    const app = express();
    app.use(express.json({ limit: 16 }));
    const small = await listen(createServer(app));
    try {
      const res = await fetch(small.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password: PASSWORD }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: "BODY_TOO_LARGE" } });
    } finally {
      await small.close();
    }
  });

  it("answers a path that cannot be percent-decoded (the router's URIError) with 400 INVALID_PATH as JSON", async () => {
    lines.length = 0;
    const res = await fetch(`${framework.url}/%E0%A4%A`, { method: "POST" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: "The request path is not valid percent-encoding.",
      error: { code: "INVALID_PATH", message: "The request path is not valid percent-encoding." },
    });
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ code: "INVALID_PATH", status: 400 });
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("leaves every other error to Express's final handler, as before", async () => {
    const app = express();
    app.use((_req: unknown, _res: unknown, next: (err: unknown) => void) =>
      next(Object.assign(new Error("not ours"), { status: 409 })),
    );
    const other = await listen(createServer(app));
    try {
      lines.length = 0;
      const res = await fetch(other.url);
      expect(res.status).toBe(409);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(lines).toEqual([]);
    } finally {
      await other.close();
    }
    // Express logs it after answering (finalhandler's onerror runs on setImmediate).
    await vi.waitFor(() => expect(consoleError).toHaveBeenCalledTimes(1));
    consoleError.mockClear();
  });

  it("uses a caller's responder, and the framework answers HTML again once restored", async () => {
    installed.restore();
    const custom = answerFrameworkBodyErrors(createLogger({ write: () => {} }), {
      respond: (res, error) => res.writeHead(error.status).end(`refused: ${error.code}`),
    });
    const withResponder = await listen(frameworkServer());
    const malformed = {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    };
    try {
      const res = await fetch(withResponder.url, malformed);
      expect([res.status, await res.text()]).toEqual([400, "refused: INVALID_JSON"]);
    } finally {
      custom.restore();
      await withResponder.close();
    }
    const plain = await listen(frameworkServer());
    try {
      const res = await fetch(plain.url, malformed);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    } finally {
      await plain.close();
    }
  });
});
