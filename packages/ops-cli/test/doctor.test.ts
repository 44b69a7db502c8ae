import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { secretSourceFromEnv } from "@jsm-odoo/function-runtime";
// function-runtime's stand-in for Secret Manager's REST API (the real client library talks to it).
import { startFakeSecretManager } from "@jsm-odoo/function-runtime/testing";
import { DEMO, type RunningEmulator, startEmulator } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOKUP_MODELS } from "../src/doctor/models.ts";
import { EXIT } from "../src/main.ts";
import { opsCommands, READ_ONLY_DOC } from "./support/docs.ts";
import { REPO_ROOT, readPackageJson } from "./support/repo.ts";
import { type CliRun, cli, closedPort } from "./support/run.ts";

const ACCESS_PASSWORD = "k3Jq9x-Vd2LmP8wQzR5tYb7nH4cF1sAe";
const { integration, admin } = DEMO.users;

/** SECRETS_SOURCE=env: the functions' local secret source, one variable per secret. */
function secretsFor(url: string, user: { login: string }, pass: string) {
  return {
    SECRETS_SOURCE: "env",
    SECRETS_ENV_FILE: "/nonexistent/.env",
    ACCESS_PASSWORD,
    ODOO_PROD_SERVER: url,
    ODOO_PROD_DB: DEMO.db,
    ODOO_PROD_USER: user.login,
    ODOO_PROD_PASS: pass,
  };
}

const failed = (run: CliRun) => run.stdout.split("\n").filter((line) => line.startsWith("✗"));
const secretValues = [ACCESS_PASSWORD, integration.apiKey, integration.password, admin.apiKey];

describe("doctor against the emulator's demo Odoo 17", () => {
  let odoo: RunningEmulator;
  beforeAll(async () => {
    odoo = await startEmulator({ odooVersion: 17 });
  });
  afterAll(() => odoo.close());

  it("passes for the read-only integration user with its API key", async () => {
    const run = await cli(
      ["doctor", "--env", "prod"],
      secretsFor(odoo.url, integration, integration.apiKey),
    );
    expect(failed(run)).toEqual([]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain("✓ Odoo answers: Odoo 17.0");
    expect(run.stdout).toContain(`✓ login ${integration.login} on database ${DEMO.db} works`);
    for (const model of LOOKUP_MODELS) {
      expect(run.stdout).toContain(`✓ can read ${model}`);
      if (model === "stock.move.line") continue;
      expect(run.stdout).toContain(
        `✓ cannot change ${model}: write, create and unlink are refused`,
      );
    }
    expect(run.stdout).toMatch(/all \d+ checks passed \(1 with a warning\)\n$/);
  });

  it("warns about Odoo's own stock.move.line grant to every internal user, naming the rule", async () => {
    const run = await cli(
      ["doctor", "--env", "prod"],
      secretsFor(odoo.url, integration, integration.apiKey),
    );
    const warnings = run.stdout.split("\n").filter((line) => line.startsWith("!"));
    expect(warnings).toEqual([
      '! cannot change stock.move.line: the user may write, create, unlink: Odoo\'s own rule stock.access_stock_move_line_all ("stock.move.line all users") grants it to every internal user (base.group_user (Internal User)) and no group setup removes it; the integration stays read-only because its client refuses every write method (docs/odoo-integration-user.md)',
    ]);
    expect(run.code).toBe(EXIT.ok);
  });

  it("flags every model the demo administrator could change, and exits 1", async () => {
    const run = await cli(["doctor", "--env", "prod"], secretsFor(odoo.url, admin, admin.apiKey));
    expect(run.code).toBe(EXIT.checkFailed);
    expect(failed(run)).toEqual(
      LOOKUP_MODELS.map(
        (model) =>
          `✗ cannot change ${model}: the user may write, create, unlink: give it a read-only group (docs/odoo-integration-user.md)`,
      ),
    );
  });

  it("fails clearly on a wrong API key, without echoing it", async () => {
    const wrong = "not-the-key-0123456789";
    const run = await cli(["doctor", "--env", "prod"], secretsFor(odoo.url, integration, wrong));
    expect(run.code).toBe(EXIT.checkFailed);
    expect(failed(run)).toEqual([
      `✗ login ${integration.login} on database ${DEMO.db} works: wrong login, password/API key or database (Odoo refuses logins for ~60 s after ~10 failures)`,
    ]);
    expect(run.stdout).toContain("– access rights: the login failed");
    expect(run.stdout).not.toContain(wrong);
  });

  it("reports a model the user cannot read", async () => {
    const restricted = DEMO.users.restricted;
    const run = await cli(
      ["doctor", "--env", "prod"],
      secretsFor(odoo.url, restricted, restricted.apiKey),
    );
    expect(run.code).toBe(EXIT.checkFailed);
    expect(failed(run)).toContain("✗ can read sale.order: read access is not granted");
    expect(run.stdout).toContain("✓ can read stock.lot");
  });

  it.each([
    {
      extra: '{"Ref": "sale.order:client_order_ref", "Hapro": "sale.order:x_tracking_no"}',
      bad: [],
    },
    {
      extra: '{"Hapro": "sale.order:x_sent_from_hapro"}',
      bad: [
        '✗ extra field Hapro (sale.order x_sent_from_hapro) exists: Extra field "Hapro": sale.order has no field "x_sent_from_hapro" on this Odoo server; it stays null',
      ],
    },
    {
      extra: '{"Hapro": "account.move:x_date"}',
      bad: [
        expect.stringMatching(/^✗ EXTRA_FIELDS is valid: Extra fields configuration is invalid/),
      ],
    },
  ])("checks configured extra fields $extra", async ({ extra, bad }) => {
    const env = { ...secretsFor(odoo.url, integration, integration.apiKey), EXTRA_FIELDS: extra };
    const run = await cli(["doctor", "--env", "prod"], env);
    expect(failed(run)).toEqual(bad);
    expect(run.code).toBe(bad.length === 0 ? EXIT.ok : EXIT.checkFailed);
  });

  it("prints the same checklist as JSON with --json", async () => {
    const run = await cli(
      ["doctor", "--env", "prod", "--json"],
      secretsFor(odoo.url, admin, admin.apiKey),
    );
    const list = JSON.parse(run.stdout) as {
      ok: boolean;
      checks: { name: string; status: string }[];
    };
    expect(list.ok).toBe(false);
    expect(list.checks.find((c) => c.name === "cannot change stock.lot")?.status).toBe("fail");
    expect(list.checks.find((c) => c.name === "can read stock.lot")?.status).toBe("pass");
  });

  it("runs as a process exactly as documented: pnpm ops doctor --env prod", async () => {
    // The documented command, and what the root `ops` script runs for it.
    const documented = opsCommands(READ_ONLY_DOC()).find((c) => c.argv[0] === "doctor");
    expect(documented?.argv).toEqual(["doctor", "--env", "prod"]);
    const [node, script, ...rest] = (readPackageJson(".").scripts?.ops ?? "").split(" ");
    expect([node, rest]).toEqual(["node", []]);
    const run = (user: { login: string }, pass: string) =>
      promisify(execFile)(process.execPath, [script ?? "", ...(documented?.argv ?? [])], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, ...secretsFor(odoo.url, user, pass) },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const [good, bad] = await Promise.all([
      run(integration, integration.apiKey),
      run(admin, admin.apiKey),
    ]);
    expect(good).toMatchObject({
      code: EXIT.ok,
      stdout: expect.stringMatching(/checks passed \(1 with a warning\)\n$/),
    });
    expect(bad).toMatchObject({
      code: EXIT.checkFailed,
      stdout: expect.stringMatching(/9 of \d+ checks failed\n$/),
    });
  }, 30_000);

  it("never prints a secret's value, whatever happens", async () => {
    const runs = await Promise.all([
      cli(["doctor", "--env", "prod"], secretsFor(odoo.url, integration, integration.apiKey)),
      cli(["doctor", "--env", "prod", "--json"], secretsFor(odoo.url, admin, admin.apiKey)),
    ]);
    for (const run of runs) {
      for (const secret of secretValues) expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });
});

describe("doctor with SECRETS_SOURCE=secret-manager, as run against Google Cloud", () => {
  it("reads the latest secret versions through the Secret Manager client and names what is missing", async () => {
    const [odoo, secretManager] = await Promise.all([startEmulator(), startFakeSecretManager()]);
    try {
      const project = "my-project";
      secretManager.setSecret(project, "access_password", ACCESS_PASSWORD);
      secretManager.setSecret(project, "odoo_prod_server", odoo.url);
      secretManager.setSecret(project, "odoo_prod_user", integration.login);
      secretManager.setSecret(project, "odoo_prod_pass", integration.apiKey);
      const deps = {
        secretSource: (env: Record<string, string | undefined>) =>
          secretSourceFromEnv(env, { clientOptions: secretManager.clientOptions }),
      };
      const env = { SECRETS_SOURCE: "secret-manager", GOOGLE_CLOUD_PROJECT: project };

      const missing = await cli(["doctor", "--env", "prod"], env, deps);
      expect(failed(missing)).toEqual([
        "✗ secret odoo_prod_db is readable: secret odoo_prod_db: no such secret or no version",
      ]);
      secretManager.setSecret(project, "odoo_prod_db", DEMO.db);
      const complete = await cli(["doctor", "--env", "prod"], env, deps);
      expect(failed(complete)).toEqual([]);
      expect(complete.code).toBe(EXIT.ok);
      expect(secretManager.requests).toContain(
        `GET /v1/projects/${project}/secrets/odoo_prod_pass/versions/latest:access`,
      );
    } finally {
      await Promise.all([odoo.close(), secretManager.close()]);
    }
  });
});

describe.each([14, 18, 19] as const)("doctor against Odoo %i", (version) => {
  let odoo: RunningEmulator;
  beforeAll(async () => {
    odoo = await startEmulator({ odooVersion: version });
  });
  afterAll(() => odoo.close());

  it("passes for the integration user and flags the administrator", async () => {
    const good = await cli(
      ["doctor", "--env", "prod"],
      secretsFor(odoo.url, integration, integration.apiKey),
    );
    expect(failed(good)).toEqual([]);
    expect(good.stdout).toContain(`✓ Odoo answers: Odoo ${version}.0`);
    const bad = await cli(["doctor", "--env", "prod"], secretsFor(odoo.url, admin, admin.apiKey));
    expect(failed(bad)).toHaveLength(LOOKUP_MODELS.length);
  });
});

describe("doctor without a working Odoo", () => {
  it("fails clearly when Odoo is unreachable", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await cli(
      ["doctor", "--env", "prod", "--timeout-ms", "1000"],
      secretsFor(url, integration, integration.apiKey),
    );
    expect(run.code).toBe(EXIT.checkFailed);
    expect(failed(run)).toEqual([expect.stringMatching(/^✗ Odoo answers: ODOO_UNAVAILABLE: /)]);
    expect(run.stdout).toContain("– login and access rights: Odoo did not answer");
  });

  it("lists every secret it cannot read, naming the variable to set", async () => {
    const run = await cli(["doctor", "--env", "stage"], {
      SECRETS_SOURCE: "env",
      SECRETS_ENV_FILE: "/nonexistent/.env",
      ODOO_STAGE_SERVER: "https://odoo.example.com",
    });
    expect(run.code).toBe(EXIT.checkFailed);
    expect(failed(run)).toEqual([
      "✗ secret access_password_stage or access_password is readable: neither access_password_stage nor access_password has an enabled version (locally: ACCESS_PASSWORD_STAGE or ACCESS_PASSWORD)",
      "✗ secret odoo_stage_db is readable: secret odoo_stage_db: set the environment variable ODOO_STAGE_DB or in /nonexistent/.env",
      "✗ secret odoo_stage_user is readable: secret odoo_stage_user: set the environment variable ODOO_STAGE_USER or in /nonexistent/.env",
      "✗ secret odoo_stage_pass is readable: secret odoo_stage_pass: set the environment variable ODOO_STAGE_PASS or in /nonexistent/.env",
    ]);
    expect(run.stdout).toContain("✓ secret odoo_stage_server is readable");
  });

  it("flags an access password the token function would refuse, without printing it", async () => {
    const env = {
      ...secretsFor("https://odoo.example.com", integration, "x"),
      ACCESS_PASSWORD: "Summer2026!",
    };
    const run = await cli(["doctor", "--env", "prod", "--timeout-ms", "200"], env);
    expect(failed(run)[0]).toMatch(
      /^✗ access password is strong enough: the access password carries about \d+ bits \(11 printable ASCII characters\); at least 128 bits/,
    );
    expect(run.stdout).not.toContain("Summer2026!");
  });

  it("refuses plain http to a remote Odoo before sending the key", async () => {
    const env = { ...secretsFor("http://odoo.example.com", integration, integration.apiKey) };
    const run = await cli(["doctor", "--env", "prod", "--timeout-ms", "500"], env);
    expect(failed(run)[0]).toBe(
      "✗ Odoo is reached over HTTPS: odoo.example.com is plain http: the API key would travel in clear",
    );
  });

  it.each([
    { argv: ["doctor"], message: "--env must be one of prod, stage (it is not set)" },
    { argv: ["doctor", "--env", "qa"], message: '--env must be one of prod, stage (got "qa")' },
    {
      argv: ["doctor", "--env", "prod", "--serial", "X"],
      message: "--serial is not an option of doctor",
    },
    {
      argv: ["doctor", "--env", "prod", "--timeout-ms", "5s"],
      message:
        '--timeout-ms must be an integer from 100 to 120000: milliseconds one check may take (got "5s")',
    },
    {
      argv: ["doctor", "--env", "prod", "--extra-fields", "{bad"],
      message: "--extra-fields: Extra fields configuration is not valid JSON",
    },
    { argv: ["audit", "--env", "prod"], message: 'unknown command "audit"' },
    { argv: [], message: "missing command: use doctor or smoke" },
    { argv: ["--env", "prod"], message: "missing command: use doctor or smoke" },
  ])("exits 2 with a clear message for $argv", async ({ argv, message }) => {
    const run = await cli(argv, { SECRETS_SOURCE: "env" });
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  it.each([["help"], ["--help"], ["-h"], ["doctor", "--help"]])(
    "prints the usage on stdout and exits 0 for %j",
    async (...argv) => {
      const run = await cli(argv, {});
      expect(run.code).toBe(EXIT.ok);
      expect(run.stdout).toContain("pnpm ops doctor --env <prod|stage>");
      expect(run.stderr).toBe("");
    },
  );

  it("exits 2 when SECRETS_SOURCE is missing", async () => {
    const run = await cli(["doctor", "--env", "prod"], {});
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(
      "SECRETS_SOURCE must be one of env, secret-manager (it is not set)",
    );
  });
});
