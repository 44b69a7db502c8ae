/**
 * Requests to the token function, in both contracts: ours (`{"password", "environment"}` in a
 * JSON body) and the earlier one (headers `password` and `environment`, no body).
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
  longString,
  sizesAround,
  TOKEN_BODY_LIMIT,
} from "./arbitraries.ts";

const ABSENT = Symbol("absent");

function passwordValues(context: FuzzContext) {
  const correct = context.accessPassword;
  return fc.oneof(
    { arbitrary: fc.constant(correct), weight: 4 },
    { arbitrary: fc.constant(ABSENT), weight: 2 },
    { arbitrary: fc.constant(""), weight: 1 },
    { arbitrary: hostileString(), weight: 3 },
    { arbitrary: anyJson, weight: 2 },
    {
      arbitrary: fc.constantFrom(correct.toUpperCase(), ` ${correct}`, `${correct}\u0000`),
      weight: 1,
    },
    { arbitrary: longString(sizesAround(TOKEN_BODY_LIMIT)), weight: 1 },
  );
}

function environmentValues(context: FuzzContext) {
  const served = context.environment;
  return fc.oneof(
    { arbitrary: fc.constantFrom(served, served.toUpperCase(), ` ${served} `), weight: 4 },
    { arbitrary: fc.constant(ABSENT), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        "stage",
        "dev",
        "",
        "prod,stage",
        "prod\u0000",
        "ｐｒｏｄ",
        "__proto__",
        "constructor",
        "toString",
      ),
      weight: 2,
    },
    { arbitrary: hostileString(), weight: 2 },
    { arbitrary: anyJson, weight: 1 },
  );
}

/** The header form of a value: strings as they are (Latin-1 only), anything else as JSON. */
function asHeader(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  // Node's client refuses anything else in a header value (RFC 9110 field-value).
  // 8 KiB at most: over Node's 16 KiB for all headers the server answers 431 before any function.
  return text.replace(/[^\t\x20-\x7e\x80-\xff]/g, "?").slice(0, 8 * 1024);
}

/** A request built only from valid parts, in either contract: the answer must be 200. */
export function validTokenRequest(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const environment = fc.constantFrom(context.environment, context.environment.toUpperCase());
  const legacy = fc
    .tuple(environment, fc.constantFrom<string | undefined>(undefined, "application/json"))
    .map(
      ([env, contentType]): FuzzRequest => ({
        method: "POST",
        headers: [
          ["password", context.accessPassword],
          ["environment", env],
          ...(contentType ? ([["Content-Type", contentType]] as [string, string][]) : []),
        ],
        kind: "valid, legacy headers",
        valid: true,
      }),
    );
  const json = fc
    .tuple(
      environment,
      // Not without Content-Type: the framework keeps no raw body then, and the answer is 400.
      fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain"),
      fc.boolean(),
    )
    .map(
      ([env, contentType, chunked]): FuzzRequest => ({
        method: "POST",
        headers: [["Content-Type", contentType]],
        body: JSON.stringify({ password: context.accessPassword, environment: env }),
        ...(chunked ? { chunked: true } : {}),
        kind: "valid, json body",
        valid: true,
      }),
    );
  return fc.oneof(legacy, json);
}

/** Our contract with hostile values, or any hostile body at all. */
function jsonTokenRequest(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const fields = fc.record({
    password: passwordValues(context),
    environment: environmentValues(context),
    extra: fc.option(fc.dictionary(hostileString(8), anyJson, { maxKeys: 3 }), { nil: undefined }),
  });
  const shaped = fields.map(({ password, environment, extra }) => {
    const body: Record<string, unknown> = { ...extra };
    if (password !== ABSENT) body.password = password;
    if (environment !== ABSENT) body.environment = environment;
    return { body: JSON.stringify(body), kind: "json body, hostile values" };
  });
  return fc
    .tuple(
      fc.oneof(
        { arbitrary: shaped, weight: 3 },
        { arbitrary: commonBody(TOKEN_BODY_LIMIT), weight: 2 },
      ),
      framingOf(context.knownDefects),
    )
    .map(([{ body, kind }, f]) => frame(f, [], body, kind));
}

/** The earlier contract: credentials in headers, sometimes twice, with any body beside. */
function legacyTokenRequest(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      password: passwordValues(context),
      environment: environmentValues(context),
      twice: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 4 },
        { arbitrary: fc.constantFrom("password", "environment"), weight: 1 },
      ),
      nameCase: fc.constantFrom("password", "Password", "PASSWORD"),
      second: headerValue(20),
      body: fc.oneof(
        { arbitrary: fc.constant({ body: undefined, kind: "" }), weight: 3 },
        { arbitrary: commonBody(TOKEN_BODY_LIMIT), weight: 1 },
      ),
      framing: framingOf(context.knownDefects),
    })
    .map((c) => {
      const headers: [string, string][] = [];
      if (c.password !== ABSENT) headers.push([c.nameCase, asHeader(c.password)]);
      // At least one of the two names, or it is not the earlier contract.
      if (c.environment !== ABSENT || c.password === ABSENT) {
        headers.push(["environment", c.environment === ABSENT ? "" : asHeader(c.environment)]);
      }
      if (c.twice) headers.push([c.twice, c.second]);
      const kind = `legacy headers${c.twice ? " (repeated)" : ""}${c.body.kind ? `, ${c.body.kind}` : ""}`;
      return frame(c.framing, headers, c.body.body, kind);
    });
}

export function tokenRequest(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { arbitrary: validTokenRequest(context), weight: 2 },
    { arbitrary: jsonTokenRequest(context), weight: 5 },
    { arbitrary: legacyTokenRequest(context), weight: 4 },
  );
}

/**
 * Whether the token function would count this request as a failed password attempt (a non-empty
 * password that is not the configured one), as token-request.ts reads it: a `password` or
 * `environment` header means the earlier contract (Node joins a repeated custom header with
 * ", ", and trims the value); else the JSON body's `password`. Such requests go to their own
 * instance, whose budget they may spend (429 there is documented); every other request must
 * never meet 429. Errs on the side of "counts": a request wrongly sent to the budget instance
 * costs nothing.
 */
export function countsAsFailedAttempt(request: FuzzRequest, accessPassword: string): boolean {
  const named = (name: string) =>
    request.headers
      .filter(([header]) => header.toLowerCase() === name)
      .map(([, value]) => value.replace(/^[ \t]+|[ \t]+$/g, ""));
  const passwords = named("password");
  if (passwords.length > 0 || named("environment").length > 0) {
    const joined = passwords.join(", ");
    return joined !== "" && joined !== accessPassword;
  }
  if (request.body === undefined) return false;
  const text =
    typeof request.body === "string" ? request.body : Buffer.from(request.body).toString("utf8");
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    const { password } = value as { password?: unknown };
    return typeof password === "string" && password !== "" && password !== accessPassword;
  } catch {
    return false;
  }
}
