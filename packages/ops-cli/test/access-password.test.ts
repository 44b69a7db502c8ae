import { envSecretSource } from "@jsm-odoo/function-runtime";
import { describe, expect, it } from "vitest";
import { accessPasswordProblem, readAccessPasswords } from "../src/access-password.ts";

const STRONG = "q7Vd2Lx9_Rk4mZ-pT1wYc8HnB3sJf6";
const NEXT = "Wm3b_8KqZr2Tn-5vXc9LpA4hYd7Ge1";
const source = (env: Record<string, string>) =>
  envSecretSource(env, { envFile: "/nonexistent/.env" });

describe("the access password doctor and smoke use", () => {
  it("is the environment's own secret when it has a value, as the token function reads it", async () => {
    const set = await readAccessPasswords(
      source({ ACCESS_PASSWORD: STRONG, ACCESS_PASSWORD_PROD: NEXT }),
      "prod",
      1_000,
    );
    expect(set).toMatchObject({ kind: "passwords", secretName: "access_password_prod" });
  });

  it("falls back to the shared secret, and lists both lines of a rotation, the new one first", async () => {
    const set = await readAccessPasswords(
      source({ ACCESS_PASSWORD: `${NEXT}\n${STRONG}` }),
      "stage",
      1_000,
    );
    expect(set).toMatchObject({
      kind: "passwords",
      secretName: "access_password",
      passwords: [NEXT, STRONG],
    });
  });

  it("says where to put one when neither exists, without any value", async () => {
    const error = await readAccessPasswords(source({}), "prod", 1_000).catch((e: unknown) => e);
    expect(accessPasswordProblem(error, "prod")).toBe(
      "neither access_password_prod nor access_password has an enabled version (locally: ACCESS_PASSWORD_PROD or ACCESS_PASSWORD)",
    );
  });
});
