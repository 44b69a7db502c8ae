import { readFileSync } from "node:fs";
import { SERIAL_RESULT_SCHEMA } from "@jsm-odoo/serial-lookup";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createContractValidator, OPENAPI_PATH, serialResultComponent } from "../src/contract.ts";

const document = parse(readFileSync(OPENAPI_PATH, "utf8"));
const contract = createContractValidator();
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  contentType: "application/json; charset=utf-8",
  headers,
  body: JSON.stringify(body),
});

describe("docs/openapi.yaml", () => {
  it("is OpenAPI 3.1 with both functions", () => {
    expect(document.openapi).toBe("3.1.0");
    const operationIds = Object.values(document.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId),
    );
    expect(operationIds).toEqual(expect.arrayContaining(["createToken", "lookupSerials"]));
  });

  it("embeds serial-lookup's SERIAL_RESULT_SCHEMA as the results item (run scripts/openapi-sync.ts when this fails)", () => {
    expect(document.components.schemas.SerialResult).toEqual(
      serialResultComponent(SERIAL_RESULT_SCHEMA as unknown as Record<string, unknown>),
    );
  });

  it("rejects a response that breaks the contract, naming why", () => {
    expect(contract.check("lookupSerials", json(404, { message: "nope" }))).toEqual(
      expect.arrayContaining([expect.stringContaining("must have required property 'error'")]),
    );
    expect(contract.check("lookupSerials", json(418, {}))).toEqual([
      "lookupSerials 418: status not documented",
    ]);
    expect(
      contract.check("lookupSerials", {
        ...json(401, { message: "x", error: { code: "TOKEN_MISSING", message: "x" } }),
      }),
    ).toEqual(["lookupSerials 401: header WWW-Authenticate is missing"]);
    expect(
      contract.check("createToken", {
        status: 200,
        contentType: "text/plain",
        headers: {},
        body: "not a jwt",
      }),
    ).toEqual([expect.stringContaining("must match pattern")]);
  });

  it("accepts responses that keep it", () => {
    expect(
      contract.check(
        "lookupSerials",
        json(
          405,
          { message: "Use POST", error: { code: "METHOD_NOT_ALLOWED", message: "Use POST" } },
          { allow: "POST" },
        ),
      ),
    ).toEqual([]);
    expect(
      contract.check("createToken", {
        status: 200,
        contentType: "text/plain; charset=utf-8",
        headers: {},
        body: "aaa.bbb.ccc",
      }),
    ).toEqual([]);
  });
});
