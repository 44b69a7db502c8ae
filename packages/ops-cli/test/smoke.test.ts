// The local stack: emulator, local issuer, the real token and lookup functions on the Functions
// Framework, each on a free loopback port.
import {
  LOCAL_ACCESS_PASSWORD as ACCESS_PASSWORD,
  type LocalStack,
  startLocalStack,
} from "@jsm-odoo/local-stack/testing";
import { DEMO } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/main.ts";
import { type CliRun, cli, closedPort } from "./support/run.ts";

const localSecrets = (password = ACCESS_PASSWORD) => ({
  SECRETS_SOURCE: "env",
  SECRETS_ENV_FILE: "/nonexistent/.env",
  ACCESS_PASSWORD: password,
});
const lines = (run: CliRun, mark: string) =>
  run.stdout.split("\n").filter((l) => l.startsWith(mark));

describe("smoke against the local token and lookup functions", () => {
  let stack: LocalStack;
  let prodLookup: string;
  let stageLookup: string;
  beforeAll(async () => {
    stack = await startLocalStack();
    prodLookup = stack.lookup("prod").url;
    stageLookup = stack.lookup("stage").url;
  });
  afterAll(() => stack.close());

  const smoke = (env: string, serial: string, lookupUrl: string, password?: string) =>
    cli(
      [
        "smoke",
        "--env",
        env,
        "--serial",
        serial,
        "--token-url",
        stack.token.url,
        "--lookup-url",
        lookupUrl,
      ],
      localSecrets(password),
    );

  it("passes both contracts for a serial Odoo knows", async () => {
    const run = await smoke("prod", DEMO.serials.kit, prodLookup);
    expect(lines(run, "✗")).toEqual([]);
    expect(lines(run, "✓").map((line) => line.split(":")[0])).toEqual([
      "✓ legacy token request",
      "✓ legacy lookup request",
      "✓ legacy lookup finds the serial",
      "✓ JSON token request",
      "✓ token is for the requested environment",
      "✓ JSON lookup request",
      "✓ JSON lookup finds the serial",
      "✓ lookup refuses a request without a token",
    ]);
    expect(run.code).toBe(EXIT.ok);
  });

  it("reads the URLs from TOKEN_URL and LOOKUP_URL_<ENV> when no flags are given", async () => {
    const run = await cli(["smoke", "--env", "stage", "--serial", DEMO.serials.plain], {
      ...localSecrets(),
      TOKEN_URL: stack.token.url,
      LOOKUP_URL_STAGE: stageLookup,
    });
    expect(lines(run, "✗")).toEqual([]);
    expect(run.code).toBe(EXIT.ok);
  });

  it("fails on a serial Odoo does not know, though the answers keep the contract", async () => {
    const run = await smoke("prod", "NO-SUCH-SERIAL-1", prodLookup);
    expect(run.code).toBe(EXIT.checkFailed);
    expect(lines(run, "✗")).toEqual([
      expect.stringMatching(
        /^✗ legacy lookup finds the serial: HTTP 404 NOT_FOUND "Serial number not found"/,
      ),
      expect.stringMatching(/^✗ JSON lookup finds the serial: HTTP 404 NOT_FOUND/),
    ]);
    expect(run.stdout).toContain("✓ legacy lookup request: HTTP 404");
  });

  it("fails when the lookup URL belongs to the other environment", async () => {
    const run = await smoke("stage", DEMO.serials.kit, prodLookup);
    expect(run.code).toBe(EXIT.checkFailed);
    expect(lines(run, "✗")).toEqual([
      expect.stringMatching(/^✗ legacy lookup request: HTTP 403 TOKEN_FORBIDDEN/),
      expect.stringMatching(/^✗ JSON lookup request: HTTP 403 TOKEN_FORBIDDEN/),
    ]);
  });

  it("fails on a wrong access password, without printing either password", async () => {
    const wrong = "wrong-Access-Password-000000000000";
    const run = await smoke("prod", DEMO.serials.kit, prodLookup, wrong);
    expect(run.code).toBe(EXIT.checkFailed);
    expect(lines(run, "✗")).toEqual([
      expect.stringMatching(/^✗ legacy token request: HTTP 401 in \d+ ms$/),
      expect.stringMatching(/^✗ JSON token request: HTTP 401 UNAUTHORIZED in \d+ ms$/),
    ]);
    expect(run.stdout).not.toContain(wrong);
    expect(run.stdout).not.toContain(ACCESS_PASSWORD);
  });

  it("never prints a token, a password or an API key", async () => {
    const run = await cli(
      [
        "smoke",
        "--env",
        "prod",
        "--serial",
        DEMO.serials.kit,
        "--token-url",
        stack.token.url,
        "--lookup-url",
        prodLookup,
        "--json",
      ],
      localSecrets(),
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
    for (const secret of stack.secrets()) expect(run.stdout).not.toContain(secret);
    expect(run.stdout).not.toMatch(/eyJ[\w-]{10,}/); // no JWT
  });
});

describe("smoke without a stack", () => {
  it("fails clearly when nothing answers", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const run = await cli(
      [
        "smoke",
        "--env",
        "prod",
        "--serial",
        "X1",
        "--token-url",
        url,
        "--lookup-url",
        url,
        "--timeout-ms",
        "1000",
      ],
      localSecrets(),
    );
    expect(run.code).toBe(EXIT.checkFailed);
    expect(lines(run, "✗")).toEqual([
      "✗ legacy token request: request failed (ECONNREFUSED)",
      "✗ JSON token request: request failed (ECONNREFUSED)",
      "✗ lookup refuses a request without a token: request failed (ECONNREFUSED)",
    ]);
  });

  it.each([
    {
      argv: ["smoke", "--env", "prod"],
      message: "--serial is not set: a serial number Odoo knows",
    },
    {
      argv: ["smoke", "--env", "prod", "--serial", "X", "--token-url", "ftp://x"],
      message: '--token-url must be an absolute http or https URL (got "ftp://x")',
    },
    {
      argv: ["smoke", "--env", "prod", "--serial", "X"],
      message: "--lookup-url (or LOOKUP_URL_PROD) is not set: the prod lookup function's URL",
    },
  ])("exits 2 with a clear message for $argv", async ({ argv, message }) => {
    const run = await cli(argv, localSecrets());
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(message);
  });

  it("reports an unreadable access password as a failed check", async () => {
    const run = await cli(
      [
        "smoke",
        "--env",
        "prod",
        "--serial",
        "X",
        "--token-url",
        "http://127.0.0.1:9/",
        "--lookup-url",
        "http://127.0.0.1:9/",
      ],
      { SECRETS_SOURCE: "env", SECRETS_ENV_FILE: "/nonexistent/.env" },
    );
    expect(run.code).toBe(EXIT.checkFailed);
    expect(lines(run, "✗")).toEqual([
      "✗ secret access_password_prod or access_password is readable: neither access_password_prod nor access_password has an enabled version (locally: ACCESS_PASSWORD_PROD or ACCESS_PASSWORD)",
    ]);
  });
});
