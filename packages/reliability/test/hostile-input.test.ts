/**
 * Hostile input against both deploy artifacts under the Functions Framework binary: a sample of
 * generated requests per function through the same properties as `pnpm -s fuzz` (which runs
 * 10,000 each), then readable regression examples.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FuzzRequest } from "../src/fuzz/arbitraries.ts";
import { type FuzzHarness, startFuzzHarness } from "../src/fuzz/run.ts";

const SAMPLED_CASES = 300;
// Fixed, so that a failure in CI is reproducible; `pnpm -s fuzz --seed` explores others.
const SEED = 20_261_128;

let harness: FuzzHarness;

beforeAll(async () => {
  harness = await startFuzzHarness();
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

const post = (
  headers: [string, string][],
  body?: string | Uint8Array,
  extra: Partial<FuzzRequest> = {},
): FuzzRequest => ({
  method: "POST",
  headers,
  ...(body === undefined ? {} : { body }),
  kind: "regression",
  valid: false,
  ...extra,
});

const bearer = (): [string, string] => ["Authorization", `Bearer ${harness.context.tokens.valid}`];
const json: [string, string] = ["Content-Type", "application/json"];

describe.each(["token", "lookup"] as const)("the %s function", (kind) => {
  it(`keeps every property for ${SAMPLED_CASES} generated hostile requests`, async () => {
    await fc.assert(harness.property(kind), { numRuns: SAMPLED_CASES, seed: SEED });
    expect(harness.counts[kind].failures).toBe(0);
    // The sample reached past the refusals: some requests were valid and answered 200.
    expect(harness.counts[kind].byStatus["200"]).toBeGreaterThan(0);
  }, 60_000);
});

describe("regression examples", () => {
  const lookupCases: [string, () => FuzzRequest, number][] = [
    [
      "JSON nested 5,000 arrays deep is a 400",
      () => post([bearer(), json], `${"[".repeat(5000)}${"]".repeat(5000)}`),
      400,
    ],
    ["an unclosed brace is INVALID_JSON", () => post([bearer(), json], "{bad"), 400],
    [
      "a 2 MiB body is refused with 413 before it is parsed",
      () => post([bearer(), json], `{"serial_number":"${"A".repeat(2 * 1024 * 1024)}"}`),
      413,
    ],
    [
      "a chunked body over 16 KiB is refused with 413",
      () => post([bearer(), json], `{"serial_number":"${"A".repeat(20_000)}"}`, { chunked: true }),
      413,
    ],
    [
      "a gzip Content-Encoding is 415",
      () => post([bearer(), json, ["Content-Encoding", "gzip"]], '{"serial_number":"A_1"}'),
      415,
    ],
    [
      "an EBCDIC charset is 415",
      () =>
        post(
          [bearer(), ["Content-Type", "application/json; charset=ebcdic"]],
          '{"serial_number":"A_1"}',
        ),
      415,
    ],
    [
      "the wildcard serial `%` finds nothing",
      () => post([bearer(), json], '{"serial_number":"%"}'),
      404,
    ],
    [
      "`A_1` finds exactly A_1, never AB1",
      () => post([bearer(), json], '{"serial_number":"A_1"}'),
      200,
    ],
    [
      "a serial with a NUL is a 400",
      () => post([bearer(), json], '{"serial_number":"HL1-24-000101\\u0000"}'),
      400,
    ],
    [
      "21 serials are too many",
      () =>
        post(
          [bearer(), json],
          JSON.stringify({ serial_numbers: Array.from({ length: 21 }, (_, i) => `SN${i}`) }),
        ),
      400,
    ],
    [
      "two Authorization headers are refused",
      () => post([bearer(), bearer(), json], '{"serial_number":"A_1"}'),
      401,
    ],
    [
      "the earlier JSM body still works",
      () => post([bearer(), json], '{"fields":{"serialnumber":"hl1-24-000101, NOPE"}}'),
      200,
    ],
    [
      "a body of bytes that are not UTF-8 is a 400",
      () => post([bearer(), json], Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d])),
      400,
    ],
    [
      "a serial with U+FFFE (no XML 1.0 character) is the caller's 400, not Odoo's 502",
      () => post([bearer(), json], JSON.stringify({ serial_number: "HL1\uFFFE" })),
      400,
    ],
    [
      "a serial with a lone surrogate is a 400",
      () => post([bearer(), json], '{"fields":{"serialnumber":"HL1\\ud800"}}'),
      400,
    ],
    [
      "a 15 KB Content-Type of a.a.a… is refused, and logged short",
      () =>
        post([bearer(), ["Content-Type", "a.".repeat(7_500)], ["Content-Encoding", "gzip"]], "{}"),
      415,
    ],
    [
      "the caller's X-Request-Id never groups the log entries",
      () => post([bearer(), json, ["X-Request-Id", "someone-elses-request"]], "{}"),
      400,
    ],
  ];
  it.each(lookupCases)("lookup: %s", async (_name, request, status) => {
    const { observed, problems } = await harness.attempt("lookup", request());
    expect(problems).toEqual([]);
    // No problem and no status: the 413 was sent while the oversized body was still being
    // written, and the connection closed under it (what oversizeClosedEarly allows).
    expect(observed.error ? 413 : observed.status).toBe(status);
  });

  const tokenCases: [string, () => FuzzRequest, number][] = [
    [
      "the earlier contract (headers, no body) gets a bare token",
      () =>
        post([
          ["password", harness.context.accessPassword],
          ["environment", "PROD"],
        ]),
      200,
    ],
    [
      "a password of the wrong JSON type is a 400",
      () => post([json], '{"password": ["x"], "environment": "prod"}'),
      400,
    ],
    [
      "JSON nested 2,000 arrays deep is a 400",
      () => post([json], `${"[".repeat(2000)}${"]".repeat(2000)}`),
      400,
    ],
    ["a 2 MiB body is refused with 413", () => post([json], "A".repeat(2 * 1024 * 1024)), 413],
    [
      "invalid JSON under the earlier contract is still answered cleanly",
      () => post([["password", "x"], ["environment", "prod"], json], "{"),
      400,
    ],
    [
      "a per-environment secret that is absent falls back to access_password",
      () =>
        post(
          [json],
          JSON.stringify({ password: harness.context.accessPassword, environment: "prod" }),
        ),
      200,
    ],
    [
      "an unknown environment with the right password is a 400",
      () =>
        post(
          [json],
          JSON.stringify({ password: harness.context.accessPassword, environment: "stage" }),
        ),
      400,
    ],
  ];
  it.each(tokenCases)("token: %s", async (_name, request, status) => {
    const { observed, problems } = await harness.attempt("token", request());
    expect(problems).toEqual([]);
    // No problem and no status: the 413 was sent while the oversized body was still being
    // written, and the connection closed under it (what oversizeClosedEarly allows).
    expect(observed.error ? 413 : observed.status).toBe(status);
  });

  it("a wrong password is refused, and never spends the budget of requests without one", async () => {
    const wrong = await harness.attempt(
      "token",
      post([json], '{"password":"wrong","environment":"prod"}'),
    );
    expect([401, 429]).toContain(wrong.observed.status);
    const right = await harness.attempt(
      "token",
      post(
        [json],
        JSON.stringify({ password: harness.context.accessPassword, environment: "prod" }),
      ),
    );
    expect(right.observed.status).toBe(200);
  });

  it.each(["token", "lookup"] as const)(
    "%s: a path with a malformed percent-encoding gets a JSON 400, not Express's HTML page and a stack trace on stderr (H1, fixed)",
    async (kind) => {
      const request = post(
        kind === "lookup" ? [bearer(), json] : [json],
        '{"serial_number":"A_1"}',
        {
          path: "/a%ZZ",
        },
      );
      const { observed, problems } = await harness.attempt(kind, request);
      expect(observed.status).toBe(400);
      expect(problems).toEqual([]);
    },
  );

  it("lookup: a JSON body without Content-Type is refused saying why (H2, fixed)", async () => {
    const { observed } = await harness.attempt(
      "lookup",
      post([bearer()], '{"serial_number":"A_1"}'),
    );
    expect(observed.status).toBe(400);
    expect(JSON.stringify(observed.body)).toContain("it has no Content-Type");
  });

  it("leaves no secret, stack trace or stderr line in the logs, and every child alive", async () => {
    expect(await harness.sweepLogs()).toEqual([]);
  });
});
