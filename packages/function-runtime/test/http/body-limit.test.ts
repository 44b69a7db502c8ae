import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync } from "node:zlib";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFrameworkBodyErrors, createLogger } from "../../src/index.ts";
import { sendWithoutFinishing } from "../../src/testing/index.ts";

const LIMIT = 1024;
const BROTLI = brotliCompressSync("[".repeat(1_000_000));

describe("answerFrameworkBodyErrors with maxBodyBytes, real Functions Framework over HTTP", () => {
  const lines: string[] = [];
  const calls: unknown[] = [];
  let installed: ReturnType<typeof answerFrameworkBodyErrors>;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    installed = answerFrameworkBodyErrors(createLogger({ write: (line) => lines.push(line) }), {
      maxBodyBytes: LIMIT,
    });
    functions.http("limited-echo", (req, res) => {
      calls.push(req.body);
      res.json({ received: req.body });
    });
    server = getTestServer("limited-echo");
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    installed.restore();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("hands a body within the limit to the function", async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ serial: "A".repeat(LIMIT - 20) }),
    });
    expect(res.status).toBe(200);
  });

  it.each([
    {
      refused: "a declared Content-Length over the limit, before any byte of the body",
      headers: { "content-type": "application/json", "content-length": 32 * 1024 * 1024 },
      first: "",
      status: 413,
      code: "BODY_TOO_LARGE",
    },
    {
      refused: "a chunked body as soon as it passes the limit",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      first: "[".repeat(LIMIT + 1),
      status: 413,
      code: "BODY_TOO_LARGE",
    },
    {
      refused: "a compressed body (a few bytes of brotli inflate to megabytes)",
      headers: {
        "content-type": "application/json",
        "content-encoding": "br",
        "content-length": BROTLI.length,
      },
      first: BROTLI,
      status: 415,
      code: "UNSUPPORTED_ENCODING",
    },
  ] as {
    refused: string;
    headers: Record<string, string | number>;
    first: string | Buffer;
    status: number;
    code: string;
  }[])("refuses $refused with $status $code, without running the function", async (row) => {
    lines.length = 0;
    calls.length = 0;
    const answer = await sendWithoutFinishing(url, row.headers, row.first);
    expect(answer.status).toBe(row.status);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: row.code } });
    expect(answer.headers.connection).toBe("close");
    expect(calls).toEqual([]);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ severity: "WARNING", code: row.code, status: row.status }),
    ]);
  });

  it.each([
    { sent: "a.".repeat(7_500), logged: "(invalid)" },
    {
      sent: `Application/JSON; charset=utf-8; x=${"y".repeat(10_000)}`,
      logged: "application/json",
    },
    { sent: "text/plain", logged: "text/plain" },
    { sent: "https://user:hunter2@evil.example/", logged: "(invalid)" },
  ])(
    "logs only the validated media type of a refused request's Content-Type ($logged)",
    async ({ sent, logged }) => {
      lines.length = 0;
      const answer = await sendWithoutFinishing(
        url,
        { "content-type": sent, "content-encoding": "gzip", "content-length": 2 },
        "{}",
      );
      expect(answer.status).toBe(415);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? "{}").contentType).toBe(logged);
      expect((lines[0] ?? "").length).toBeLessThan(1_000);
    },
  );
});
