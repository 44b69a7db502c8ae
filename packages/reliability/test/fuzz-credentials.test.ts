/** The fuzz remembers every credential it sent to a child and finds it in any later log line. */
import { describe, expect, it } from "vitest";
import type { FuzzRequest } from "../src/fuzz/arbitraries.ts";
import { createCredentialWatch, needlesFor, sentCredentials } from "../src/fuzz/credentials.ts";

const request = (headers: [string, string][], body?: string): FuzzRequest => ({
  method: "POST",
  headers,
  ...(body === undefined ? {} : { body }),
  kind: "test",
  valid: false,
});

describe("which values are looked for", () => {
  it.each([
    ["a distinctive wrong password", "hunter2-but-longer", ["hunter2-but-longer"]],
    ["one with a quote, also JSON-escaped", 'pa"ss\nword9', ['pa"ss\nword9', 'pa\\"ss\\nword9']],
    ["a value under 8 characters", "x7#Qz", []],
    ["a run of one character", "AAAAAAAAAAAAAAAA", []],
    ["a word the logs carry anyway", "Environment", []],
    [
      "a value past the logger's cut, by its first 24 characters",
      `${"abcdefgh".repeat(200)}`,
      ["abcdefghabcdefghabcdefgh"],
    ],
  ])("%s", (_name, value, needles) => {
    expect(needlesFor(value)).toEqual(needles);
  });

  it("reads passwords from headers of any case and the JSON body, tokens without their scheme", () => {
    expect(
      sentCredentials(
        request(
          [
            ["Password", " first-guess-1 "],
            ["password", "second-guess-2"],
            ["Authorization", "Bearer eyJhbGciOi.payload.sig"],
          ],
          '{"password":"body-guess-3","environment":"prod"}',
        ),
      ),
    ).toEqual(["first-guess-1", "second-guess-2", "eyJhbGciOi.payload.sig", "body-guess-3"]);
  });
});

describe("a child's credential watch", () => {
  it("finds a value in a line written before or after it was sent, at any later check", () => {
    const watch = createCredentialWatch();
    const stdout: string[] = ['{"message":"early","guess":"late-sent-guess-42"}'];
    const stderr: string[] = [];
    expect(watch.check({ stdout, stderr })).toEqual([]);
    // Sent after its line was already checked once: the old line is looked at again.
    watch.add(request([["password", "late-sent-guess-42"]]));
    expect(watch.check({ stdout, stderr })).toHaveLength(1);
    // A value sent earlier shows up in a line written later (another case's look came between).
    watch.add(request([], '{"password":"quoted\\"guess-77"}'));
    stdout.push('{"message":"denied","guess":"quoted\\"guess-77"}');
    expect(watch.check({ stdout, stderr })).toEqual([
      'a password or token a case sent, in a log line (stdout): {"message":"denied","guess":"[SENT]"}',
    ]);
    // Each line meets each value once: nothing new, nothing reported again.
    expect(watch.check({ stdout, stderr })).toEqual([]);
  });
});
