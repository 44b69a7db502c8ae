import { describe, expect, it } from "vitest";
import { apiKeyFor } from "../src/api-keys.ts";

const KEY = "0f3c9d2e7a41b8c60f3c9d2e7a41b8c60f3c9d2e";

describe("getting an API key from the operator's command", () => {
  it("puts the login in the command and takes the key from the last line", async () => {
    await expect(
      apiKeyFor(`echo "key for {login}:" >&2; echo ${KEY}`, "jsm-x@example.com"),
    ).resolves.toBe(KEY);
  });

  it("fails with the command's last error line when it prints no key", async () => {
    await expect(apiKeyFor("echo 'no user' >&2; exit 3", "jsm-x")).rejects.toMatchObject({
      code: "CONFORMANCE_API_KEY",
      message: "the API key command for jsm-x exited 3 without printing a key: no user",
    });
    await expect(apiKeyFor("echo not-a-key", "jsm-x")).rejects.toMatchObject({
      code: "CONFORMANCE_API_KEY",
    });
  });

  it("refuses a login that could change the command", async () => {
    await expect(apiKeyFor("echo {login}", "x; rm -rf /")).rejects.toMatchObject({
      code: "CONFORMANCE_API_KEY",
    });
  });
});
