/**
 * fast-check arbitraries for requests to both functions, hostile on purpose: bodies of every JSON
 * type and none, the right keys holding the wrong types, bytes that are not UTF-8, thousands of
 * nesting levels, strings near and over each body limit, control characters, lone surrogates,
 * right-to-left marks, emoji and NUL, odd or absent content types and charsets, compressed
 * bodies, repeated and odd headers, `Bearer` variants, serials with LIKE wildcards, quotes and
 * backslashes, and both contracts (docs/openapi.yaml; the earlier one in the legacy contract:
 * token by `password` + `environment` headers, lookup by `{"fields": {"serialnumber": ...}}`).
 * About one case in six is valid, so that the happy path is exercised and asserted too.
 */
import fc from "fast-check";

/** One generated request. Bodies are built from sizes and characters, so that they shrink well. */
export interface FuzzRequest {
  method: string;
  /** Request path and query; absent: `/`. */
  path?: string;
  /** Header lines in order; a name may repeat. Values are Latin-1, as HTTP/1.1 carries them. */
  headers: [string, string][];
  /** Absent: no body at all. A string is sent as UTF-8; bytes as they are (invalid UTF-8). */
  body?: string | Uint8Array;
  /** Sent with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
  /** Which family of input this is, for the counts ("deep nesting", "legacy headers", ...). */
  kind: string;
  /** Built only from valid parts: the answer must be 200. */
  valid: boolean;
}

/** What the arbitraries need to know about the deployment they attack. */
export interface FuzzContext {
  accessPassword: string;
  /** Environment names the token function serves (`prod`). */
  environment: string;
  /** Serials the Odoo data holds. */
  knownSerials: readonly string[];
  /** Also generate inputs of known, reported defects (KNOWN_DEFECT_PATHS). */
  knownDefects: boolean;
  tokens: {
    valid: string;
    expired: string;
    wrongAudience: string;
    foreignKey: string;
    algNone: string;
  };
}

/** Body limits of the artifacts (MAX_BODY_BYTES in each config.ts). */
export const LOOKUP_BODY_LIMIT = 16 * 1024;
export const TOKEN_BODY_LIMIT = 4 * 1024;

// ---------------------------------------------------------------- strings

const control = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));
const special = fc.constantFrom(
  "\u0000",
  "\u202e", // RIGHT-TO-LEFT OVERRIDE
  "\u200f", // RIGHT-TO-LEFT MARK
  "\u200b", // ZERO WIDTH SPACE
  "\ufeff", // BOM
  "\u00a0",
  "\u2028",
  "👨‍👩‍👧",
  "🔥",
  "é",
  "Ǆ",
  "ß",
  "İ",
  "ﬀ",
  "%",
  "_",
  "*",
  "\\",
  "'",
  '"',
  "`",
  ",",
  ";",
  " ",
  "\t",
  "\n",
  "\r\n",
  "$",
  "{",
  "[",
  "<script>",
  "../",
  "%00",
  "%25",
  "' OR 1=1 --",
  "ilike",
  "=",
  "!",
  "|",
  "&",
);
const hostileUnit = fc.oneof(
  { arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }), weight: 6 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 2 },
  { arbitrary: special, weight: 4 },
  { arbitrary: control, weight: 1 },
  { arbitrary: loneSurrogate, weight: 1 },
);

/** A short hostile string: wildcards, quotes, control characters, unicode of every kind. */
export const hostileString = (maxLength = 40) =>
  fc.array(hostileUnit, { maxLength }).map((units) => units.join(""));

/** A string of `size` copies of one character: near or over a limit, cheap to shrink. */
export const longString = (sizes: fc.Arbitrary<number>) =>
  fc
    .tuple(sizes, fc.constantFrom("A", "%", "é", "🔥", "\\", '"', "\u0000", ","))
    .map(([size, char]) => char.repeat(Math.max(0, Math.floor(size / Buffer.byteLength(char)))));

export const sizesAround = (limit: number) =>
  fc.oneof(
    fc.integer({ min: limit - 64, max: limit + 64 }),
    fc.integer({ min: 0, max: limit }),
    fc.constantFrom(1024 * 1024, 64 * 1024, limit * 2),
  );

// ---------------------------------------------------------------- bodies

/** Every JSON type, including objects with our keys holding anything. */
export const anyJson = fc.jsonValue({ maxDepth: 3 });

/** `[[[[...]]]]` or `{"a":{"a":...}}` thousands of levels deep, or a serial buried in it. */
export const deepNesting = fc
  .tuple(fc.integer({ min: 100, max: 6000 }), fc.constantFrom("array", "object", "fields", "open"))
  .map(([depth, shape]) => {
    switch (shape) {
      case "array":
        return "[".repeat(depth) + "]".repeat(depth);
      case "object":
        return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
      case "fields":
        return `{"fields":{"serialnumber":${"[".repeat(depth)}"SN"${"]".repeat(depth)}}}`;
      default:
        return "[".repeat(depth);
    }
  });

/** Bytes that are not JSON, or not even UTF-8. */
const invalidBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  fc.constantFrom(
    Uint8Array.from([0xff, 0xfe, 0x7b, 0x00]), // UTF-16 BOM then "{"
    Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]), // {"\xc3(":1}
    Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), // UTF-8 BOM then {}
  ),
);
const invalidJsonText = fc.constantFrom(
  "{",
  "}",
  "{bad",
  '{"serial_number": "SN1",}',
  "{'serial_number': 'SN1'}",
  '{"a":1}{"b":2}',
  "NaN",
  "undefined",
  "\u0000",
  " ",
  "\r\n",
  "null",
  "[]",
  '""',
  "1e999999",
  "-0",
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"x": 1}}}',
);

/** Form bodies, as curl -d sends them: body-parser's extended syntax, deep and wide. */
const formBody = fc.oneof(
  hostileString().map((s) => `serial_number=${encodeURIComponent(s.toWellFormed())}`),
  hostileString().map((s) => `fields[serialnumber]=${encodeURIComponent(s.toWellFormed())}`),
  fc.integer({ min: 1, max: 2000 }).map((depth) => `a${"[b]".repeat(depth)}=1`),
  fc
    .integer({ min: 1, max: 3000 })
    .map((count) => Array.from({ length: count }, (_, i) => `k${i}=v`).join("&")),
  fc.constantFrom(
    "serial_numbers[]=A&serial_numbers[]=B",
    "fields=x",
    "%%%=%",
    "=&=&",
    "__proto__[serial_number]=A_1",
    "fields[__proto__][serialnumber]=A_1",
    "constructor[prototype][serial_number]=A_1",
    "serial_numbers[999999]=A_1",
  ),
);

/** Bodies any function may get: the shared hostile part. */
export const commonBody = (limit: number) =>
  fc.oneof(
    {
      arbitrary: anyJson.map((v) => ({ body: JSON.stringify(v), kind: "json of any type" })),
      weight: 4,
    },
    { arbitrary: fc.constant({ body: undefined, kind: "no body" }), weight: 1 },
    { arbitrary: fc.constant({ body: "", kind: "empty body" }), weight: 1 },
    { arbitrary: invalidBytes.map((body) => ({ body, kind: "invalid bytes" })), weight: 1 },
    { arbitrary: invalidJsonText.map((body) => ({ body, kind: "invalid json" })), weight: 2 },
    { arbitrary: deepNesting.map((body) => ({ body, kind: "deep nesting" })), weight: 1 },
    { arbitrary: formBody.map((body) => ({ body, kind: "form body" })), weight: 1 },
    {
      arbitrary: longString(sizesAround(limit)).map((s) => ({ body: s, kind: "huge body" })),
      weight: 1,
    },
  );

// ---------------------------------------------------------------- headers

const contentTypes = fc.oneof(
  { arbitrary: fc.constant<string | undefined>("application/json"), weight: 6 },
  { arbitrary: fc.constant<string | undefined>(undefined), weight: 2 },
  {
    arbitrary: fc.constantFrom<string | undefined>(
      "application/json; charset=utf-8",
      "application/json; charset=UTF-8",
      'application/json; charset="utf-8"',
      "application/json; charset=utf-16",
      "application/json; charset=latin1",
      "application/json; charset=ebcdic",
      "application/json;;;",
      "application/json; boundary=x",
      "text/plain",
      "text/plain; charset=iso-8859-1",
      "text/html",
      "application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded; charset=utf-32",
      "multipart/form-data; boundary=----x",
      "multipart/form-data",
      "application/octet-stream",
      "application/xml",
      "application/cloudevents+json",
      "application/merge-patch+json",
      // Redaction and logging of a refused request's Content-Type must stay linear and short
      // (4 KB: with the other long headers a case may carry, 15 KB would pass Node's 16 KB limit).
      "a.".repeat(2_000),
      "https://user:pw-in-a-header@evil.example/a.b.c",
      "*/*",
      "",
      "json",
      "a/b/c",
      "application/json, text/plain",
      "APPLICATION/JSON",
    ),
    weight: 4,
  },
);

const contentEncodings = fc.oneof(
  { arbitrary: fc.constant<string | undefined>(undefined), weight: 12 },
  {
    arbitrary: fc.constantFrom("gzip", "br", "deflate", "identity", "x-unknown", "gzip, br"),
    weight: 1,
  },
);

/** Latin-1 text a header line can carry (no CR/LF/NUL: Node's client refuses those outright). */
export const headerValue = (maxLength = 60) =>
  fc
    .array(
      fc.oneof(
        fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
        fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
        fc.constantFrom("\t", "%", "_", "*", '"', "'", "\\", ",", ";", "=", " "),
      ),
      { maxLength },
    )
    .map((units) => units.join("").replace(/[\r\n\0]/g, ""));

export const longHeaderValue = fc
  .tuple(fc.integer({ min: 1000, max: 2500 }), fc.constantFrom("A", "%", "é", "/"))
  .map(([size, char]) => char.repeat(size));

/** Headers nobody asked for: trace and request ids the logs read, cookies, forwarding. */
const oddHeaders = fc.array(
  fc.oneof(
    fc.tuple(
      fc.constantFrom(
        "X-Cloud-Trace-Context",
        "traceparent",
        "X-Request-Id",
        "Function-Execution-Id",
        "X-Forwarded-For",
        "Cookie",
        "Accept",
        "Accept-Charset",
        "Origin",
        "User-Agent",
        "X-Goog-Api-Key",
        "Ce-Id",
        "Ce-Type",
        "X-Http-Method-Override",
      ),
      fc.oneof(headerValue(), longHeaderValue),
    ),
    fc.tuple(fc.constantFrom("X-A", "x-b", "X_Underscore", "x.dot"), headerValue()),
  ),
  { maxLength: 3 },
);

const methods = fc.oneof(
  { arbitrary: fc.constant("POST"), weight: 20 },
  { arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "PATCH", "OPTIONS"), weight: 1 },
);

/** Content-Type, Content-Encoding and odd headers, and how the body is framed. */
/**
 * Request paths: every path reaches the function (the framework routes `/{*splat}`), and
 * Cloud Run passes it on. Paths that cannot be percent-decoded are refused by Express's router
 * before the function runs, answered in JSON by function-runtime (finding H1, fixed).
 * KNOWN_DEFECT_PATHS are answered by the framework itself with an empty 404 (finding H3,
 * accepted); they are generated only with `knownDefects`.
 */
export const KNOWN_DEFECT_PATHS = ["/favicon.ico", "/robots.txt"];
const paths = (knownDefects: boolean) =>
  fc.oneof(
    { arbitrary: fc.constant("/"), weight: 30 },
    {
      arbitrary: fc.constantFrom(
        "/?x=%",
        "/?__proto__[x]=1&a[b][c][d][e][f]=1",
        "//",
        "/a/../b",
        "/%00",
        "/%25",
        "/index.js",
        "/.env",
        `/${"a".repeat(4000)}`,
        "/%",
        "/%E0%A4%A",
        "/a%ZZ",
        ...(knownDefects ? KNOWN_DEFECT_PATHS : []),
      ),
      weight: 1,
    },
  );

export const framingOf = (knownDefects: boolean) =>
  fc.record({
    method: methods,
    path: paths(knownDefects),
    contentType: contentTypes,
    contentTypeTwice: fc.boolean(),
    encoding: contentEncodings,
    odd: oddHeaders,
    chunked: fc.oneof(
      { arbitrary: fc.constant(false), weight: 6 },
      { arbitrary: fc.constant(true), weight: 1 },
    ),
  });
export type Framing = ReturnType<typeof framingOf> extends fc.Arbitrary<infer T> ? T : never;

export function frame(
  f: Framing,
  headers: [string, string][],
  body: string | Uint8Array | undefined,
  kind: string,
): FuzzRequest {
  const lines: [string, string][] = [...headers, ...f.odd];
  if (f.contentType !== undefined) {
    lines.push(["Content-Type", f.contentType]);
    if (f.contentTypeTwice) lines.push(["Content-Type", "text/plain"]);
  }
  if (f.encoding !== undefined) lines.push(["Content-Encoding", f.encoding]);
  return {
    method: f.method,
    ...(f.path === "/" ? {} : { path: f.path }),
    headers: lines,
    ...(body === undefined ? {} : { body }),
    ...(f.chunked && body !== undefined ? { chunked: true } : {}),
    kind,
    valid: false,
  };
}
