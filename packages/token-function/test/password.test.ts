import { describe, expect, it } from "vitest";
import { passwordWeakness } from "../src/index.ts";
import { createPasswordMatcher } from "../src/password.ts";

describe("passwordWeakness", () => {
  it.each([
    { name: "22 base64url characters (132 bits)", password: "Xk3_p9Lm2Qv7Zr5Tn8Wb1c" },
    { name: "openssl rand -base64 32", password: "w1Nf3J7bq0pT+e9R/2kZxY6hM4cVd8uLs5oAaG0Ey1I=" },
    { name: "32 hex digits (128 bits)", password: "9f86d081884c7d659a2feaa0c55ad015" },
    { name: "20 printable ASCII characters (131 bits)", password: "k#8P!z2@Lq$9wR^4m&X*" },
  ])("accepts $name", ({ password }) => {
    expect(passwordWeakness(password)).toBeUndefined();
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
  ])("refuses $name and says why without the value", ({ password, reason }) => {
    const weakness = passwordWeakness(password) ?? "";
    expect(weakness).toContain(reason);
    expect(weakness).not.toContain(password);
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
    expect(matches(presented, "Xk3_p9Lm2Qv7Zr5Tn8Wb1c")).toBe(expected);
  });
});
