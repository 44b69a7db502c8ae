import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envSecretSource, RuntimeError, secretSourceFromEnv } from "../../src/index.ts";

describe("envSecretSource", () => {
  let dir: string;
  let envFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "function-runtime-"));
    envFile = join(dir, ".env");
    await writeFile(
      envFile,
      'ODOO_PROD_SERVER="http://127.0.0.1:8069"\nACCESS_PASSWORD=from-file\n',
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads a secret from the upper-cased environment variable of its name", async () => {
    const source = envSecretSource({ ACCESS_PASSWORD: "from-env" }, { envFile });
    await expect(source.get("access_password")).resolves.toBe("from-env");
  });

  it("falls back to the .env file when the variable is not set", async () => {
    const source = envSecretSource({}, { envFile });
    await expect(source.get("odoo_prod_server")).resolves.toBe("http://127.0.0.1:8069");
  });

  it("sees an edited .env file on the next read", async () => {
    const source = envSecretSource({}, { envFile });
    await writeFile(envFile, "ACCESS_PASSWORD=rotated\n");
    await expect(source.get("access_password")).resolves.toBe("rotated");
  });

  it("names the variable to set when the secret is nowhere, and treats empty as unset", async () => {
    const source = envSecretSource({ ODOO_STAGE_DB: "" }, { envFile: join(dir, "absent.env") });
    const error = (await source.get("odoo_stage_db").catch((e: unknown) => e)) as RuntimeError;
    expect(error.code).toBe("SECRET_NOT_FOUND");
    expect(error.message).toBe(
      `secret odoo_stage_db: set the environment variable ODOO_STAGE_DB or in ${join(dir, "absent.env")}`,
    );
  });
});

describe("secretSourceFromEnv", () => {
  it.each([
    {
      env: {},
      message:
        "secrets configuration is invalid: SECRETS_SOURCE must be one of env, secret-manager (it is not set)",
    },
    {
      env: { SECRETS_SOURCE: "vault" },
      message:
        'secrets configuration is invalid: SECRETS_SOURCE must be one of env, secret-manager (got "vault")',
    },
    {
      env: { SECRETS_SOURCE: "secret-manager" },
      message:
        "secrets configuration is invalid: GOOGLE_CLOUD_PROJECT is not set: SECRETS_SOURCE=secret-manager needs the project that holds the secrets",
    },
  ])("refuses $env with one clear message", ({ env, message }) => {
    expect(() => secretSourceFromEnv(env)).toThrow(new RuntimeError("CONFIG_INVALID", message));
  });

  it("reads local secrets from the environment with SECRETS_SOURCE=env", async () => {
    const source = secretSourceFromEnv({ SECRETS_SOURCE: "env", ACCESS_PASSWORD: "x" });
    await expect(source.get("access_password")).resolves.toBe("x");
  });
});
