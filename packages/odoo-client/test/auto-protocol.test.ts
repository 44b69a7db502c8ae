import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOdooClient,
  type OdooClient,
  type OdooClientOptions,
  type ProtocolChoice,
} from "../src/index.ts";

// `protocol: "auto"` against the emulator's 17 and 19 profiles (real HTTP), and against a bare
// server for the answers an emulator of Odoo would not give (a proxy's 503, a page that is not
// JSON).
const { integration } = DEMO.users;
let odoo19: RunningEmulator;
let odoo17: RunningEmulator;
const clients: OdooClient[] = [];
const servers: Server[] = [];

function connect(url: string, overrides: Partial<OdooClientOptions> = {}) {
  const choices: ProtocolChoice[] = [];
  const client = createOdooClient({
    url,
    db: DEMO.db,
    username: integration.login,
    password: integration.apiKey,
    protocol: "auto",
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    onProtocolChosen: (choice) => choices.push(choice),
    ...overrides,
  });
  clients.push(client);
  return { client, choices };
}

/**
 * A reverse proxy in front of `target` (or of nothing): `intercept` answers (or swallows) the
 * requests it wants and returns true; everything else is passed on.
 */
async function proxy(
  target: RunningEmulator | undefined,
  intercept: (req: IncomingMessage, res: ServerResponse) => boolean,
): Promise<string> {
  const server = createServer((req, res) => {
    if (intercept(req, res) || !target) return;
    const upstream = request(
      `${target.url}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A proxy that answers `GET /web/version` itself, as a login page, redirect or error page would. */
async function proxyAnsweringVersion(
  status: number,
  body: string,
  target?: RunningEmulator,
  headers: Record<string, string> = {},
) {
  let asked = 0;
  const url = await proxy(target, (req, res) => {
    if (req.url !== "/web/version" && target) return false;
    if (req.url === "/web/version") asked += 1;
    res.writeHead(status, { "content-type": "text/html", ...headers }).end(body);
    return true;
  });
  return { url, asked: () => asked };
}

beforeAll(async () => {
  [odoo19, odoo17] = await Promise.all([
    startEmulator({ odooVersion: 19 }),
    startEmulator({ odooVersion: 17 }),
  ]);
});
afterAll(async () => {
  for (const client of clients) client.close();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await Promise.all([odoo19.close(), odoo17.close()]);
});

describe("protocol auto", () => {
  it("speaks JSON-2 to Odoo 19 and says so once", async () => {
    const { client, choices } = connect(odoo19.url);
    const [count] = await Promise.all([
      client.searchCount("stock.lot", []),
      client.searchCount("res.partner", []),
    ]);
    expect(count).toBeGreaterThan(0);
    expect(choices).toEqual([
      {
        protocol: "json2",
        requested: "auto",
        reason: "Odoo 19.0 serves JSON-2",
        serverVersion: "19.0",
      },
    ]);
    // The version question is asked once and its answer reused: no XML-RPC traffic at all.
    expect(client.stats().byMethod["common/version"]?.calls).toBe(1);
    await expect(client.version()).resolves.toMatchObject({ major: 19 });
  });

  it("speaks XML-RPC to Odoo 17, whose /web/version is an HTML 404", async () => {
    const { client, choices } = connect(odoo17.url);
    await expect(client.searchCount("stock.lot", [])).resolves.toBeGreaterThan(0);
    expect(choices).toHaveLength(1);
    expect(choices[0]).toMatchObject({ protocol: "xmlrpc", requested: "auto" });
    expect(choices[0]?.reason).toContain("HTTP 404");
    await expect(client.version()).resolves.toMatchObject({ major: 17 });
  });

  it("stays on XML-RPC when Odoo 19 refuses the credential over JSON-2 (a password)", async () => {
    const { client, choices } = connect(odoo19.url, { password: integration.password });
    await expect(client.searchCount("stock.lot", [])).resolves.toBeGreaterThan(0);
    expect(choices).toHaveLength(1);
    expect(choices[0]).toMatchObject({ protocol: "xmlrpc", serverVersion: "19.0" });
    expect(choices[0]?.reason).toContain("store an API key");
    expect(JSON.stringify(choices)).not.toContain(integration.password);
  });

  it("rejects a credential that neither protocol accepts, without naming it", async () => {
    const { client, choices } = connect(odoo19.url, { password: "not-the-key" });
    const error = await client.searchCount("stock.lot", []).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ODOO_AUTH_REJECTED" });
    expect(String(error)).not.toContain("not-the-key");
    expect(choices).toEqual([]);
  });

  it("does not take a proxy's 503 for an old Odoo: it retries, then fails as unavailable", async () => {
    const proxy = await proxyAnsweringVersion(503, "<html>Service Unavailable</html>");
    const { client, choices } = connect(proxy.url);
    await expect(client.version()).rejects.toMatchObject({ code: "ODOO_UNAVAILABLE" });
    expect(proxy.asked()).toBe(3);
    expect(choices).toEqual([]);
  });

  it.each([
    [302, "a redirect to a login page", { location: "/login" }],
    [401, "a proxy's login page", {}],
    [200, "a maintenance page that is not JSON", {}],
  ] as const)(
    "asks XML-RPC when GET /web/version answers %i (%s), and still finds Odoo 19's JSON-2",
    async (status, _what, headers) => {
      const proxy = await proxyAnsweringVersion(
        status,
        "<html>not a version</html>",
        odoo19,
        headers,
      );
      const { client, choices } = connect(proxy.url);
      await expect(client.searchCount("stock.lot", [])).resolves.toBeGreaterThan(0);
      expect(choices).toEqual([
        expect.objectContaining({ protocol: "json2", serverVersion: "19.0" }),
      ]);
    },
  );

  it("answers XML-RPC for an Odoo 17 behind a proxy whose /web/version page is not JSON", async () => {
    const proxy = await proxyAnsweringVersion(200, "<html>Odoo</html>", odoo17);
    const { client, choices } = connect(proxy.url);
    await expect(client.searchCount("stock.lot", [])).resolves.toBeGreaterThan(0);
    expect(choices).toHaveLength(1);
    expect(choices[0]).toMatchObject({ protocol: "xmlrpc", serverVersion: "17.0" });
    expect(choices[0]?.reason).toContain("GET /web/version answered HTTP 200, not a JSON version");
  });

  it("retries a version question that timed out, for every caller waiting on it", async () => {
    let hung = 0;
    // The first GET /web/version never answers; the rest go through.
    const url = await proxy(odoo19, (req) => req.url === "/web/version" && hung++ === 0);
    const { client, choices } = connect(url, { timeoutMs: 300 });
    const counts = await Promise.all([
      client.searchCount("stock.lot", []),
      client.searchCount("res.partner", []),
    ]);
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(hung).toBe(2);
    expect(choices).toEqual([expect.objectContaining({ protocol: "json2" })]);
  });

  it("stays on XML-RPC, and says why, when the URL carries a proxy's credentials", async () => {
    const withUserInfo = odoo19.url.replace("http://", "http://proxy-user:proxy-secret@");
    const { client, choices } = connect(withUserInfo);
    await expect(client.searchCount("stock.lot", [])).resolves.toBeGreaterThan(0);
    expect(choices).toEqual([expect.objectContaining({ protocol: "xmlrpc" })]);
    expect(choices[0]?.reason).toContain("carries credentials");
    expect(JSON.stringify(choices)).not.toContain("proxy-secret");
  });

  it("does not try XML-RPC with a key JSON-2 refused (a failed login there counts towards Odoo's lockout)", async () => {
    const wrongKey = "0123456789abcdef0123456789abcdef01234567";
    const { client } = connect(odoo19.url, { retry: { maxAttempts: 1 } });
    client.close();
    const before = odoo19.requests();
    const { client: wrong } = connect(odoo19.url, { password: wrongKey });
    await expect(wrong.searchCount("stock.lot", [])).rejects.toMatchObject({
      code: "ODOO_AUTH_REJECTED",
    });
    // GET /web/version and the JSON-2 key check only.
    expect(odoo19.requests() - before).toBe(2);
  });

  it("tells a fixed protocol at creation", () => {
    const { choices } = connect(odoo17.url, { protocol: "xmlrpc" });
    expect(choices).toEqual([{ protocol: "xmlrpc", requested: "xmlrpc", reason: "configured" }]);
  });
});
