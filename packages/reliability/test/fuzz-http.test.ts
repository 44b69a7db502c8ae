/** The fuzz client sends every generated header line as its own line, whatever its case. */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FuzzRequest } from "../src/fuzz/arbitraries.ts";
import { createAgent, send } from "../src/fuzz/http.ts";

let server: Server;
let url: string;
let seen: { rawHeaders: string[]; body: string }[] = [];
const agent = createAgent();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString("utf8") });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(async () => {
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const request = (headers: [string, string][], body?: string, chunked = false): FuzzRequest => ({
  method: "POST",
  headers,
  ...(body === undefined ? {} : { body }),
  ...(chunked ? { chunked } : {}),
  kind: "regression",
  valid: false,
});

/** [name, value] pairs of the raw lines the server received. */
const pairs = (raw: string[]) => raw.flatMap((v, i) => (i % 2 === 0 ? [[v, raw[i + 1]]] : []));

it.each([
  {
    name: "names differing only in case",
    headers: [
      ["Password", "X"],
      ["password", "Y"],
    ],
  },
  {
    name: "the very same name",
    headers: [
      ["Authorization", "A"],
      ["Authorization", "B"],
    ],
  },
] as { name: string; headers: [string, string][] }[])(
  "sends repeated headers with $name as separate lines",
  async ({ headers }) => {
    seen = [];
    const observed = await send(url, request(headers), agent);
    expect(observed.status).toBe(200);
    const lines = pairs(seen[0]?.rawHeaders ?? []);
    expect(lines.filter(([name]) => name?.toLowerCase() === headers[0]?.[0].toLowerCase())).toEqual(
      headers,
    );
  },
);

it("frames the body itself and still names the host", async () => {
  seen = [];
  await send(url, request([["Content-Type", "application/json"]], '{"a":1}'), agent);
  await send(url, request([], '{"b":2}', true), agent);
  await send(url, request([]), agent);
  const [sized, chunked, empty] = seen.map(({ rawHeaders, body }) => ({
    headers: Object.fromEntries(pairs(rawHeaders).map(([n, v]) => [n?.toLowerCase(), v])),
    body,
  }));
  expect(sized?.headers).toMatchObject({ "content-length": "7", host: new URL(url).host });
  expect(sized?.body).toBe('{"a":1}');
  expect(chunked?.headers).toMatchObject({ "transfer-encoding": "chunked" });
  expect(chunked?.headers).not.toHaveProperty("content-length");
  expect(chunked?.body).toBe('{"b":2}');
  expect(empty?.headers).toMatchObject({ "content-length": "0" });
});
