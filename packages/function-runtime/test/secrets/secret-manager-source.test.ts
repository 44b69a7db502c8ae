import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cachedSecrets,
  createLogger,
  type RuntimeError,
  secretManagerSource,
} from "../../src/index.ts";
import { type FakeSecretManager, startFakeSecretManager } from "../../src/testing/index.ts";

describe("secretManagerSource against Secret Manager's REST API", () => {
  let fake: FakeSecretManager;
  beforeAll(async () => {
    fake = await startFakeSecretManager();
  });
  afterAll(() => fake.close());

  it("reads the latest version of a secret by name, without the trailing newline", async () => {
    fake.setSecret("p", "access_password", "s3cret-value\n");
    const source = secretManagerSource({ project: "p", clientOptions: fake.clientOptions });
    await expect(source.get("access_password")).resolves.toBe("s3cret-value");
    expect(fake.requests).toContain(
      "GET /v1/projects/p/secrets/access_password/versions/latest:access",
    );
  });

  it.each([
    { status: 404, code: "SECRET_NOT_FOUND", secret: "missing" },
    { status: 403, code: "SECRET_ACCESS_DENIED", secret: "access_password" },
    { status: 500, code: "SECRET_UNAVAILABLE", secret: "access_password" },
  ])("maps HTTP $status to $code", async ({ status, code, secret }) => {
    fake.failWith(status === 404 ? undefined : status);
    const source = secretManagerSource({ project: "p", clientOptions: fake.clientOptions });
    const error = (await source.get(secret).catch((e: unknown) => e)) as RuntimeError;
    fake.failWith(undefined);
    expect(error.code).toBe(code);
    expect(error.message).toContain(secret);
  });

  it("maps a disabled latest version (400 FAILED_PRECONDITION) to SECRET_DISABLED", async () => {
    fake.setSecret("p", "access_password_prod", "v1");
    fake.disableSecret("p", "access_password_prod");
    const source = secretManagerSource({ project: "p", clientOptions: fake.clientOptions });
    const error = (await source
      .get("access_password_prod")
      .catch((e: unknown) => e)) as RuntimeError;
    expect(error.code).toBe("SECRET_DISABLED");
    expect(error.message).toBe(
      "secret access_password_prod: its latest version is disabled or destroyed",
    );
  });

  it("gives up after timeoutMs although the client would go on retrying UNAVAILABLE", async () => {
    fake.failWith(503);
    const source = secretManagerSource({
      project: "p",
      clientOptions: fake.clientOptions,
      timeoutMs: 300,
    });
    const started = Date.now();
    const error = await source.get("access_password").catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    fake.failWith(undefined);
    expect(error).toMatchObject({
      code: "SECRET_UNAVAILABLE",
      message: "secret access_password: Secret Manager did not answer within 300 ms",
    });
    // The client's first backoff alone is longer than a second.
    expect(elapsed).toBeLessThan(1_000);
  });

  it("refuses a name that is not a secret id before any request", async () => {
    const source = secretManagerSource({ project: "p", clientOptions: fake.clientOptions });
    await expect(source.get("../other/secret")).rejects.toThrow(TypeError);
  });

  it("picks up a rotated secret after the TTL and keeps the last good value when a refresh fails", async () => {
    const lines: string[] = [];
    let now = 0;
    fake.setSecret("p", "odoo_prod_pass", "first");
    const source = cachedSecrets(
      secretManagerSource({ project: "p", clientOptions: fake.clientOptions }),
      { ttlMs: 1_000, logger: createLogger({ write: (l) => lines.push(l) }), now: () => now },
    );
    expect(await source.get("odoo_prod_pass")).toBe("first");

    fake.setSecret("p", "odoo_prod_pass", "second");
    now = 999;
    expect(await source.get("odoo_prod_pass")).toBe("first");
    now = 1_000;
    expect(await source.get("odoo_prod_pass")).toBe("second");

    fake.failWith(500);
    now = 2_000;
    expect(await source.get("odoo_prod_pass")).toBe("second");
    fake.failWith(undefined);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      severity: "WARNING",
      secretName: "odoo_prod_pass",
      error: { code: "SECRET_UNAVAILABLE" },
    });
    expect(lines.join("\n")).not.toContain("second");
  });
});
