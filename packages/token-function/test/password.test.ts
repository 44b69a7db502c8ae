import { timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { passwordWeakness } from "../src/index.ts";
import {
  createPasswordMatcher,
  generatePassword,
  MAX_PASSWORD_LINES,
  PUBLISHED_PASSWORDS,
} from "../src/password.ts";

describe("passwordWeakness", () => {
  it.each([
    { name: "22 base64url characters (132 bits)", password: "Xk3_p9Lm2Qv7Zr5Tn8Wb1c" },
    { name: "openssl rand -base64 32", password: "w1Nf3J7bq0pT+e9R/2kZxY6hM4cVd8uLs5oAaG0Ey1I=" },
    { name: "32 hex digits (128 bits)", password: "9f86d081884c7d659a2feaa0c55ad015" },
    { name: "20 printable ASCII characters (131 bits)", password: "k#8P!z2@Lq$9wR^4m&X*" },
    {
      name: "a rotation: the new password, then the previous one",
      password: "Xk3_p9Lm2Qv7Zr5Tn8Wb1c\nw1Nf3J7bq0pT+e9R/2kZxY6hM4cVd8uLs5oAaG0Ey1I=",
    },
  ])("accepts $name", ({ password }) => {
    expect(passwordWeakness(password)).toBeUndefined();
  });

  it("accepts every password the generator makes (43 base64url characters, 256 bits)", () => {
    for (let i = 0; i < 200; i += 1) {
      const password = generatePassword();
      expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(passwordWeakness(password)).toBeUndefined();
    }
  });

  it.each([
    {
      name: "21 base64url characters",
      password: "Xk3_p9Lm2Qv7Zr5Tn8Wb1",
      reason: "about 126 bits (21 base64url characters); at least 128 bits (22 such characters)",
    },
    {
      name: "31 hex digits",
      password: "9f86d081884c7d659a2feaa0c55ad01",
      reason: "about 124 bits (31 hex characters); at least 128 bits (32 such characters)",
    },
    {
      name: "a pattern",
      password: "xyxyxyxyxyxyxyxyxyxyxyxyxyxyxy",
      reason: "fewer than 8 distinct",
    },
    {
      name: "a passphrase with spaces",
      password: "correct horse battery staple",
      reason: "outside printable ASCII",
    },
    {
      name: "a sequence",
      password: "abcdefghijklmnopqrstuv",
      reason: "guessable parts (a sequence)",
    },
    {
      name: "a keyboard run",
      password: "qwertyuiopasdfghjklzxc",
      reason: "guessable parts (a common password",
    },
    {
      name: "a repeated sequence",
      password: "0123456789abcdef0123456789abcdef",
      reason: "guessable parts (a repetition)",
    },
    {
      name: "a dictionary password padded with digits",
      password: "Password1234567890Password",
      reason: "guessable parts (a common password)",
    },
    {
      name: "the former pnpm dev demo password the READMEs printed",
      password: "dev-demo-Qm9yZGVyQ29sbGllLTEyOC1iaXQ",
      reason: "published in this repository",
    },
    {
      name: "the Odoo emulator's demo API key",
      password: "7d2c9a41e0b84f6a93c5d1e8b0a47f36c2e91d05",
      reason: "published in this repository",
    },
    {
      name: "a rotation whose previous password is weak",
      password: "Xk3_p9Lm2Qv7Zr5Tn8Wb1c\nPassword1234567890Password",
      reason: "line 2: the access password is built from guessable parts",
    },
    {
      name: "a rotation with an empty line",
      password: "\nXk3_p9Lm2Qv7Zr5Tn8Wb1c",
      reason: "line 1: the access password is empty",
    },
    {
      name: "three lines",
      password: "Xk3_p9Lm2Qv7Zr5Tn8Wb1c\nXk3_p9Lm2Qv7Zr5Tn8Wb1d\nXk3_p9Lm2Qv7Zr5Tn8Wb1e",
      reason: "holds 3 lines; at most 2",
    },
  ])("refuses $name and says why without the value", ({ password, reason }) => {
    const weakness = passwordWeakness(password) ?? "";
    expect(weakness).toContain(reason);
    for (const line of password.split("\n")) if (line) expect(weakness).not.toContain(line);
  });

  it("lists the demo values published in the repository", () => {
    expect(PUBLISHED_PASSWORDS).toContain("dev-demo-Qm9yZGVyQ29sbGllLTEyOC1iaXQ");
  });
});

describe("createPasswordMatcher", () => {
  const matches = createPasswordMatcher();
  it.each([
    { presented: "Xk3_p9Lm2Qv7Zr5Tn8Wb1c", expected: true },
    { presented: "Xk3_p9Lm2Qv7Zr5Tn8Wb1", expected: false },
    { presented: "Xk3_p9Lm2Qv7Zr5Tn8Wb1c ", expected: false },
    { presented: "", expected: false },
    { presented: "x".repeat(4000), expected: false },
  ])("compares digests of any length in constant time: $expected", ({ presented, expected }) => {
    expect(matches(presented, ["Xk3_p9Lm2Qv7Zr5Tn8Wb1c"])).toBe(expected);
  });

  it("accepts both passwords of a rotation", () => {
    expect(matches("new-password-value", ["new-password-value", "old-password-value"])).toBe(true);
    expect(matches("old-password-value", ["new-password-value", "old-password-value"])).toBe(true);
    expect(matches("other", ["new-password-value", "old-password-value"])).toBe(false);
  });

  it("makes the same comparisons for one password, two, or none (an unknown environment)", () => {
    let comparisons = 0;
    const counted = createPasswordMatcher((a, b) => {
      comparisons += 1;
      return timingSafeEqual(a, b);
    });
    const count = (accepted: string[]) => {
      comparisons = 0;
      counted("guess", accepted);
      return comparisons;
    };
    expect([count(["one"]), count(["new", "old"]), count([])]).toEqual([
      MAX_PASSWORD_LINES,
      MAX_PASSWORD_LINES,
      MAX_PASSWORD_LINES,
    ]);
    expect(counted("old", ["new", "old"])).toBe(true);
  });
});
