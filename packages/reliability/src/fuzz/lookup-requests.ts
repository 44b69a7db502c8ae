/**
 * Requests to the lookup function: both body shapes (ours: `serial_number` / `serial_numbers`;
 * the earlier JSM one: `{"fields": {"serialnumber": "SN1,SN2"}}`), hostile serials (LIKE
 * wildcards, quotes, backslashes, control characters, too long, too many), and every kind of
 * `Authorization` header. Most carry a valid token, so the body is what gets attacked.
 */
import fc from "fast-check";
import {
  anyJson,
  commonBody,
  type FuzzContext,
  type FuzzRequest,
  frame,
  framingOf,
  headerValue,
  hostileString,
  LOOKUP_BODY_LIMIT,
  longHeaderValue,
  longString,
  sizesAround,
} from "./arbitraries.ts";

const wildcards = ["%", "_", "*", "\\", "'", '"', "%%", "_%", "\\%", "?", "[", "]", "\u0000", " "];

function serial(context: FuzzContext): fc.Arbitrary<string> {
  const known = fc.constantFrom(...context.knownSerials);
  return fc.oneof(
    { arbitrary: known, weight: 3 },
    // A known serial with a wildcard or quote in it: it must not match anything.
    {
      arbitrary: fc.tuple(known, fc.constantFrom(...wildcards), fc.nat()).map(([s, w, at]) => {
        const i = at % (s.length + 1);
        return s.slice(0, i) + w + s.slice(i + 1);
      }),
      weight: 3,
    },
    { arbitrary: known.map((s) => s.toLowerCase()), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        ...wildcards,
        "",
        "%%%%",
        "___________",
        ".*",
        "' or ''='",
        "__proto__",
        "constructor",
        "toString",
        // Characters XML 1.0 cannot carry: the caller's mistake (400), not an Odoo failure.
        "SN\uFFFE1",
        "SN\uFFFF",
        "\uD800SN",
        "SN-\uDC00",
      ),
      weight: 2,
    },
    { arbitrary: hostileString(), weight: 4 },
    { arbitrary: longString(fc.integer({ min: 60, max: 70 })), weight: 1 },
  );
}

/** One of the shapes the function reads, with a serial value, or the wrong types in its keys. */
function shapedBody(context: FuzzContext): fc.Arbitrary<{ body: string; kind: string }> {
  const one = serial(context);
  const list = fc.array(one, { maxLength: 30 });
  const many = fc
    .integer({ min: 19, max: 400 })
    .map((n) => Array.from({ length: n }, (_, i) => `SN${i}`));
  const shapes = fc.oneof(
    one.map((s) => ({ value: { serial_number: s }, kind: "serial_number" })),
    fc.oneof(list, many).map((l) => ({ value: { serial_numbers: l }, kind: "serial_numbers" })),
    fc
      .oneof(list, many)
      .map((l) => ({ value: { fields: { serialnumber: l.join(",") } }, kind: "legacy fields" })),
    one.map((s) => ({ value: { fields: { serialnumber: s, other: 1 } }, kind: "legacy fields" })),
    // The right keys holding the wrong types, or two shapes at once.
    fc
      .record(
        {
          serial_number: anyJson,
          serial_numbers: fc.oneof(anyJson, fc.array(anyJson, { maxLength: 4 })),
          fields: fc.oneof(anyJson, fc.record({ serialnumber: anyJson }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      )
      .map((value) => ({ value, kind: "right keys, wrong types" })),
  );
  return fc.oneof(
    {
      arbitrary: shapes.map(({ value, kind }) => ({ body: JSON.stringify(value), kind })),
      weight: 6,
    },
    {
      arbitrary: longString(sizesAround(LOOKUP_BODY_LIMIT - 20)).map((s) => ({
        body: JSON.stringify({ serial_number: s }),
        kind: "huge serial",
      })),
      weight: 1,
    },
  );
}

function authorization(context: FuzzContext): fc.Arbitrary<[string, string][]> {
  const { tokens } = context;
  const bearer = (token: string) => `Bearer ${token}`;
  const valid = bearer(tokens.valid);
  return fc.oneof(
    { arbitrary: fc.constant<[string, string][]>([["Authorization", valid]]), weight: 24 },
    {
      arbitrary: fc
        .constantFrom(
          `bearer ${tokens.valid}`,
          `BEARER\t${tokens.valid}`,
          `Bearer   ${tokens.valid}  `,
        )
        .map((value): [string, string][] => [["authorization", value]]),
      weight: 2,
    },
    { arbitrary: fc.constant<[string, string][]>([]), weight: 1 },
    {
      arbitrary: fc
        .constantFrom(
          "Bearer",
          "Bearer ",
          "Basic dXNlcjpwYXNz",
          `Token ${tokens.valid}`,
          `Bearer ${tokens.valid}x`,
          `Bearer ${tokens.valid} ${tokens.valid}`,
          `Bearer ${tokens.valid.split(".").slice(0, 2).join(".")}`,
          bearer(tokens.expired),
          bearer(tokens.wrongAudience),
          bearer(tokens.foreignKey),
          bearer(tokens.algNone),
          "Bearer a.b.c",
          "Bearer ...",
          `Bearer ${"A".repeat(6000)}`,
        )
        .map((value): [string, string][] => [["Authorization", value]]),
      weight: 3,
    },
    {
      arbitrary: fc
        .oneof(headerValue(), longHeaderValue)
        .map((v): [string, string][] => [["Authorization", v]]),
      weight: 1,
    },
    {
      arbitrary: fc.constant<[string, string][]>([
        ["Authorization", valid],
        ["Authorization", valid],
      ]),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom(valid, bearer(tokens.expired), "Bearer x", "")
        .map((value): [string, string][] => [
          ["Authorization", valid],
          ["X-Serverless-Authorization", value],
        ]),
      weight: 1,
    },
  );
}

/** A request built only from valid parts: a known serial, a valid token, a readable body. */
export function validLookupRequest(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const known = fc.constantFrom(...context.knownSerials);
  const body = fc.oneof(
    known.map((s) => ({ body: JSON.stringify({ serial_number: s }), type: "application/json" })),
    fc
      .tuple(known, fc.constantFrom("", " ", ",", ", ", ";", "\n"), fc.constantFrom("NOPE-1", "X"))
      .map(([s, sep, other]) => ({
        body: JSON.stringify({ fields: { serialnumber: `${s}${sep}${sep ? other : ""}` } }),
        type: "application/json",
      })),
    known.map((s) => ({
      body: JSON.stringify({ serial_numbers: [s, "UNKNOWN-9"] }),
      type: "text/plain",
    })),
    known.map((s) => ({
      body: `serial_number=${encodeURIComponent(s.toWellFormed())}`,
      type: "application/x-www-form-urlencoded",
    })),
  );
  return fc.tuple(body, fc.constantFrom("Bearer", "bearer"), fc.boolean()).map(
    ([b, scheme, chunked]): FuzzRequest => ({
      method: "POST",
      headers: [
        ["Authorization", `${scheme} ${context.tokens.valid}`],
        ["Content-Type", b.type],
      ],
      body: b.body,
      ...(chunked ? { chunked: true } : {}),
      kind: "valid",
      valid: true,
    }),
  );
}

export function lookupRequest(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const hostile = fc
    .tuple(
      authorization(context),
      fc.oneof(
        { arbitrary: shapedBody(context), weight: 3 },
        { arbitrary: commonBody(LOOKUP_BODY_LIMIT), weight: 2 },
      ),
      framingOf(context.knownDefects),
    )
    .map(([auth, { body, kind }, f]) => frame(f, auth, body, kind));
  return fc.oneof(
    { arbitrary: validLookupRequest(context), weight: 1 },
    { arbitrary: hostile, weight: 5 },
  );
}
