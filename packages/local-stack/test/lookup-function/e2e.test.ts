/**
 * The JSM rule's two requests over real HTTP: the real token function, the lookup function in
 * the Functions Framework, the local issuer and the Odoo emulator. Every response is also checked
 * against docs/openapi.yaml.
 */
import { type RunningLocalIssuer, signTestToken } from "@jsm-odoo/local-issuer";
import {
  createContractValidator,
  type OperationId,
  observe,
} from "@jsm-odoo/lookup-function/contract";
import { DEMO } from "@jsm-odoo/odoo-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCESS_PASSWORD,
  AUDIENCE,
  jsonToken,
  type LookupInstance,
  legacyToken,
  lookup,
  type Stack,
  startStack,
  TRIGGER,
} from "./helpers/stack.ts";

const contract = createContractValidator();
const { serials } = DEMO;
let stack: Stack;
let prod: LookupInstance;
let stage: LookupInstance;
let prodToken: string;
const issued: string[] = [];

/** Reads a response, checks it against the OpenAPI document, returns status and parsed body. */
async function answer(operation: OperationId, response: Response) {
  const observed = await observe(response);
  expect(contract.check(operation, observed)).toEqual([]);
  const json = observed.contentType?.includes("json");
  return {
    status: observed.status,
    headers: observed.headers,
    body: json ? JSON.parse(observed.body) : observed.body,
  };
}

/** `token` null sends no Authorization header at all. */
const ask = async (body: unknown, token: string | null = prodToken, url = prod.url) =>
  answer("lookupSerials", await lookup(url, token ?? undefined, body));

const sign = (claims: Record<string, unknown>, options = {}) =>
  signTestToken(
    stack.issuer as RunningLocalIssuer,
    { aud: AUDIENCE.prod, email: TRIGGER.prod, email_verified: true, ...claims },
    options,
  );

beforeAll(async () => {
  stack = await startStack();
  prod = await stack.startLookup("prod", {
    EXTRA_FIELDS:
      '{"SentfromdatefromHapro":"sale.order:x_sent_hapro","Trackingnumber":"sale.order:x_tracking_no"}',
  });
  stage = await stack.startLookup("stage");
  const token = await answer("createToken", await jsonToken(stack, "prod"));
  prodToken = token.body.token;
  issued.push(prodToken);
});
afterAll(() => stack?.close());

describe("token then lookup, as a JSM rule does it", () => {
  it("works in the earlier contract: header credentials, raw token, legacy body and flat keys", async () => {
    const token = await answer("createToken", await legacyToken(stack, "PROD"));
    expect(token.status).toBe(200);
    issued.push(token.body);
    const { status, body } = await ask({ fields: { serialnumber: serials.kit } }, token.body);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      SalesOrdernumber: "S00012",
      Productdescription: "Huddly L1 Kit",
      Customer: "Bjørn Ødegård AS",
      City: "Sandsli",
      Country: "Norway",
      message: "Serial number found",
    });
    expect(body.results).toHaveLength(1);
  });

  it("works in our contract: JSON token, serial_number, structured results", async () => {
    const { status, body } = await ask({ serial_number: serials.plain });
    expect(status).toBe(200);
    expect(body.results[0]).toMatchObject({ serial_number: serials.plain, found: true });
  });

  it("maps configured custom Odoo fields to extra keys, replacing Trackingnumber", async () => {
    const { body } = await ask({ serial_number: serials.kit });
    // The order's custom x_tracking_no wins over the delivery's carrier reference.
    expect(body.Trackingnumber).toBe("TRK-NO-558201");
    expect(body.results[0].delivery.carrier_tracking_ref).toBe("00370730253100000012");
    // x_sent_hapro does not exist on this server: the key is still there for the rule.
    expect(body).toHaveProperty("SentfromdatefromHapro");
    const warnings = stack.logs.filter((line) => line.includes("x_sent_hapro"));
    expect(warnings).toHaveLength(1);
  });

  it("answers several serials in request order, legacy keys for the first one found", async () => {
    const asked = ["NO-SUCH-SERIAL", serials.plain, serials.kit];
    const { status, body } = await ask({ serial_numbers: asked });
    expect(status).toBe(200);
    expect(body.results.map((r: { serial_number: string }) => r.serial_number)).toEqual(asked);
    expect(body.results.map((r: { found: boolean }) => r.found)).toEqual([false, true, true]);
    expect(body.SalesOrdernumber).toBe(body.results[1].sale_order.name);
  });

  it("splits the legacy comma-separated field like the earlier version", async () => {
    const { body } = await ask({ fields: { serialnumber: ` ${serials.kit} ,${serials.plain}` } });
    expect(body.results).toHaveLength(2);
  });

  it("answers 404 with message when no serial is known", async () => {
    const { status, body } = await ask({ fields: { serialnumber: "NOPE-1,NOPE-2" } });
    expect(status).toBe(404);
    expect(body.message).toBe("Serial number not found");
    expect(body.results).toHaveLength(2);
  });

  it("treats wildcards as literal characters", async () => {
    expect((await ask({ serial_number: "%" })).status).toBe(404);
    expect((await ask({ serial_number: "A%1" })).status).toBe(404);
  });
});

describe("tokens", () => {
  it("refuses a stage token on prod (403) and accepts it on stage", async () => {
    const token = (await answer("createToken", await jsonToken(stack, "stage"))).body.token;
    issued.push(token);
    const onProd = await ask({ serial_number: serials.kit }, token);
    expect(onProd.status).toBe(403);
    expect(onProd.body.error.code).toBe("TOKEN_FORBIDDEN");
    expect((await ask({ serial_number: serials.kit }, token, stage.url)).status).toBe(200);
  });

  it("refuses a prod token on stage", async () => {
    expect((await ask({ serial_number: serials.kit }, prodToken, stage.url)).status).toBe(403);
  });

  it.each([
    ["a missing token", async () => null, 401, "TOKEN_MISSING"],
    ["an expired token", () => sign({}, { expired: true }), 401, "TOKEN_INVALID"],
    [
      "a tampered token",
      () => sign({}, { tamper: { claim: "email", value: "evil@example.com" } }),
      401,
      "TOKEN_INVALID",
    ],
    ["an alg none token", () => sign({}, { alg: "none" }), 401, "TOKEN_INVALID"],
    ["a token signed elsewhere", () => sign({}, { foreignKey: true }), 401, "TOKEN_INVALID"],
    ["a token for another account", () => sign({ email: TRIGGER.stage }), 403, "TOKEN_FORBIDDEN"],
  ])("refuses %s", async (_name, makeToken, status, code) => {
    const token = await makeToken();
    if (token) issued.push(token);
    const response = await ask({ serial_number: serials.kit }, token);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.message).toEqual(expect.any(String));
  });

  it("checks the token before reading the body", async () => {
    expect((await ask({ nothing: 1 }, null)).status).toBe(401);
    expect((await ask([], null)).status).toBe(401);
  });
});

describe("token function refusals keep the documented contract", () => {
  const tokenRequest = (init: RequestInit) => fetch(stack.token.url, { method: "POST", ...init });
  it.each([
    [
      "a wrong password, earlier contract",
      { headers: { password: "wrong", environment: "prod" } },
      401,
      "text/plain",
    ],
    [
      "a wrong password, our contract",
      {
        headers: { "content-type": "application/json" },
        body: '{"password":"wrong","environment":"prod"}',
      },
      401,
      "application/json",
    ],
    [
      "an unknown environment",
      { headers: { password: ACCESS_PASSWORD, environment: "qa" } },
      400,
      "text/plain",
    ],
    [
      "a JSON body without a password",
      { headers: { "content-type": "application/json" }, body: '{"environment":"prod"}' },
      401,
      "application/json",
    ],
    [
      "a JSON array body",
      { headers: { "content-type": "application/json" }, body: "[]" },
      400,
      "application/json",
    ],
    ["a GET", { method: "GET" }, 405, "application/json"],
  ])("%s", async (_name, init, status, type) => {
    const response = await answer("createToken", await tokenRequest(init));
    expect(response.status).toBe(status);
    expect(response.headers["content-type"]).toContain(type);
  });
});

describe("platform verification over HTTP (as behind Cloud Run IAM)", () => {
  it("accepts a Google token whose signature Cloud Run removed, and still refuses stage", async () => {
    const platform = await stack.startLookup("prod", { TOKEN_VERIFICATION: "platform" });
    const strip = (token: string) =>
      `${token.split(".").slice(0, 2).join(".")}.SIGNATURE_REMOVED_BY_GOOGLE`;
    const google = { iss: "https://accounts.google.com" };
    const ok = await ask({ serial_number: serials.kit }, strip(await sign(google)), platform.url);
    expect(ok.status).toBe(200);
    const stageToken = strip(await sign({ ...google, aud: AUDIENCE.stage, email: TRIGGER.stage }));
    expect((await ask({ serial_number: serials.kit }, stageToken, platform.url)).status).toBe(403);
  });
});

describe("bad requests never get a 500", () => {
  it.each([
    ["an empty object", {}, 400, "NO_SERIAL"],
    ["an empty serial", { fields: { serialnumber: " , " } }, 400, "NO_SERIAL"],
    ["a number as serial", { serial_number: 12345 }, 400, "INVALID_INPUT"],
    ["a JSON array body", [serials.kit], 400, "INVALID_INPUT"],
    ["a list with a number", { serial_numbers: [serials.kit, 7] }, 400, "INVALID_INPUT"],
    [
      "21 serials",
      { serial_numbers: Array.from({ length: 21 }, (_, i) => `SN-${i}`) },
      400,
      "TOO_MANY_SERIALS",
    ],
    ["a 65-character serial", { serial_number: "X".repeat(65) }, 400, "INVALID_INPUT"],
    // XML 1.0 cannot carry these: sent on, Odoo could not parse the request (a 502 and an ERROR).
    ["a serial with U+FFFE", { serial_number: "SN\uFFFE1" }, 400, "INVALID_INPUT"],
    ["a serial with U+FFFF", { serial_numbers: ["SN\uFFFF"] }, 400, "INVALID_INPUT"],
    [
      "a serial with a lone surrogate",
      { fields: { serialnumber: "SN\uD800" } },
      400,
      "INVALID_INPUT",
    ],
    [
      "a body over 16 KiB",
      { serial_number: "A", padding: "x".repeat(17_000) },
      413,
      "BODY_TOO_LARGE",
    ],
  ])("refuses %s", async (_name, body, status, code) => {
    const response = await ask(body);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });

  it.each([
    [
      "both body shapes at once",
      { serial_number: serials.kit, fields: { serialnumber: serials.kit } },
      "INVALID_INPUT",
      "Send only one of serial_number, serial_numbers, fields (got serial_number and fields)",
    ],
    [
      "a number as serial_number",
      { serial_number: 12345 },
      "INVALID_INPUT",
      "serial_number must be a string, not a number",
    ],
    ["a JSON array body", ["HL1"], "INVALID_INPUT", "The body must be a JSON object, not an array"],
    [
      "a list with a number",
      { serial_numbers: [serials.kit, 7] },
      "INVALID_INPUT",
      "serial_numbers must be an array of strings (item 2 is a number)",
    ],
    [
      "a body without any serial key",
      { serialnumber: serials.kit },
      "NO_SERIAL",
      "The body has none of serial_number, serial_numbers, fields",
    ],
  ])("says what is wrong with %s", async (_name, body, code, message) => {
    const response = await ask(body);
    expect(response).toMatchObject({ status: 400, body: { message, error: { code, message } } });
    expect(JSON.stringify(response.body)).not.toContain(prodToken);
  });

  describe("reads JSON under any Content-Type, forms too", () => {
    const send = (body: string, type: string) =>
      lookup(prod.url, prodToken, body, { headers: { "content-type": type } });
    const form = "application/x-www-form-urlencoded";

    it.each([
      ["JSON sent as a form, as curl -d does", `{"serial_number":"${serials.kit}"}`, form],
      ["JSON sent as text/plain", `{"serial_number":"${serials.kit}"}`, "text/plain"],
      ["legacy JSON sent as a form", `{"fields":{"serialnumber":"${serials.kit}"}}`, form],
      ["a form body", `serial_number=${encodeURIComponent(serials.kit)}`, form],
      ["a legacy form body", `fields%5Bserialnumber%5D=${encodeURIComponent(serials.kit)}`, form],
    ])("finds %s", async (_name, body, type) => {
      const response = await answer("lookupSerials", await send(body, type));
      expect(response).toMatchObject({ status: 200, body: { message: "Serial number found" } });
      expect(response.body.results[0]).toMatchObject({ serial_number: serials.kit, found: true });
    });

    it("refuses broken JSON sent as a form as invalid JSON, not as a missing serial", async () => {
      const response = await answer("lookupSerials", await send('{"serial_number":"A",}', form));
      expect(response).toMatchObject({
        status: 400,
        body: { message: "Invalid JSON", error: { code: "INVALID_JSON", message: "Invalid JSON" } },
      });
    });
  });

  it("parses JSON sent as text/plain and refuses invalid JSON there with the JSON shape", async () => {
    const send = (body: string) =>
      lookup(prod.url, prodToken, body, { headers: { "content-type": "text/plain" } });
    expect(
      (await answer("lookupSerials", await send(`{"serial_number":"${serials.kit}"}`))).status,
    ).toBe(200);
    const invalid = await answer("lookupSerials", await send("{not json"));
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: "INVALID_JSON" } } });
  });

  it("refuses malformed application/json (parsed by the framework) with the same JSON error", async () => {
    const response = await ask("{not json");
    expect(response).toMatchObject({ status: 400, body: { error: { code: "INVALID_JSON" } } });
    expect(response.body.message).toBe("Invalid JSON");
  });

  it("refuses a charset the body parser cannot read with 415 JSON", async () => {
    const response = await answer(
      "lookupSerials",
      await lookup(prod.url, prodToken, `{"serial_number":"${serials.kit}"}`, {
        headers: { "content-type": "application/json; charset=x-unknown" },
      }),
    );
    expect(response).toMatchObject({ status: 415, body: { error: { code: "INVALID_INPUT" } } });
  });

  it("answers 405 with Allow to other methods", async () => {
    const response = await answer("lookupSerials", await fetch(prod.url, { method: "GET" }));
    expect(response).toMatchObject({ status: 405, headers: { allow: "POST" } });
  });
});

describe("logs", () => {
  it("record every request with outcome, status and duration", () => {
    const answered = stack.logs
      .map((line) => JSON.parse(line))
      .filter((e) => /^lookup (answered|refused|failed)$/.test(e.message));
    expect(answered.length).toBeGreaterThan(10);
    for (const entry of answered) {
      expect(entry).toMatchObject({
        outcome: expect.any(String),
        status: expect.any(Number),
        durationMs: expect.any(Number),
        requestId: expect.any(String),
      });
    }
  });

  it("never contain a password, API key or token", () => {
    const text = stack.logs.join("\n");
    for (const secret of [...stack.secrets(), ...issued]) {
      expect(text).not.toContain(secret);
    }
    // A token's signature alone would be enough to replay it.
    for (const token of issued) {
      const signature = token.split(".")[2];
      if (signature) expect(text).not.toContain(signature);
    }
  });
});
