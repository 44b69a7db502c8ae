import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodySize, sendJsonError } from "../../src/index.ts";

describe("sendJsonError and bodySize over real HTTP", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const size = bodySize(req);
      req.resume();
      req.on("end", () =>
        sendJsonError(res, 413, "BODY_TOO_LARGE", `declared ${size} bytes`, { "Retry-After": "1" }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers the error envelope as non-cacheable JSON with the extra headers", async () => {
    const res = await fetch(url, { method: "POST", body: "x".repeat(10) });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toEqual({
      error: { code: "BODY_TOO_LARGE", message: "declared 10 bytes" },
    });
  });

  it("prefers the raw body the Functions Framework keeps", () => {
    const req = { headers: { "content-length": "99" }, rawBody: Buffer.from("abc") };
    expect(bodySize(req as never)).toBe(3);
  });
});
