/**
 * Checks real HTTP responses against docs/openapi.yaml, so the document cannot drift from what
 * the functions answer. Used by this package's end-to-end tests and reusable by others (ops-cli
 * smoke checks): `createContractValidator().check("lookupSerials", await observe(response))`.
 * Never part of the function bundle (the entry point does not import it): ajv and yaml are
 * dependencies of this package for the tests and for `pnpm ops smoke`, not of the deployed code.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";

/** The repository's OpenAPI 3.1 document for both functions. */
export const OPENAPI_PATH = fileURLToPath(new URL("../../../docs/openapi.yaml", import.meta.url));

/** Operations of the document, by `operationId`. */
export type OperationId = "createToken" | "lookupSerials";

/** What a client saw: enough to check status, media type, required headers and body. */
export interface ObservedResponse {
  status: number;
  contentType: string | null;
  headers: Record<string, string | null>;
  body: string;
}

export interface ContractValidator {
  /** Every way `response` breaks the documented contract of `operationId`; empty when it keeps it. */
  check(operationId: OperationId, response: ObservedResponse): string[];
}

/** Reads a fetch Response (consuming its body) into an ObservedResponse. */
export async function observe(response: Response): Promise<ObservedResponse> {
  const headers: Record<string, string | null> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    headers,
    body: await response.text(),
  };
}

/** SERIAL_RESULT_SCHEMA as the document embeds it: without `$schema`/`$id` (the document is the resource). */
export function serialResultComponent(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...component } = schema;
  return component;
}

type Json = Record<string, unknown>;
const DOCUMENT_ID = "openapi.json";

export function createContractValidator(
  options: { path?: string; document?: Json } = {},
): ContractValidator {
  const document =
    options.document ?? (parse(readFileSync(options.path ?? OPENAPI_PATH, "utf8")) as Json);
  // OpenAPI 3.1 schema objects are JSON Schema 2020-12; the rest of the document is not a
  // schema, hence strict: false (unknown keywords such as `openapi` are ignored).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(document, DOCUMENT_ID);
  const operations = indexOperations(document);

  return {
    check(operationId, response) {
      const operation = operations.get(operationId);
      if (!operation) return [`operation ${operationId} is not in the document`];
      const where = `${operationId} ${response.status}`;
      const responses = operation.node.responses as Json;
      const key = String(response.status) in responses ? String(response.status) : "default";
      if (!(key in responses)) return [`${where}: status not documented`];
      const [declared, pointer] = resolve(
        document,
        responses[key] as Json,
        `${operation.pointer}/responses/${key}`,
      );
      const problems: string[] = [];
      for (const [name, header] of Object.entries(
        (declared.headers ?? {}) as Record<string, Json>,
      )) {
        if (header.required === true && !response.headers[name.toLowerCase()]) {
          problems.push(`${where}: header ${name} is missing`);
        }
      }
      const mediaType = response.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
      const content = (declared.content ?? {}) as Json;
      if (!(mediaType in content)) {
        return [
          ...problems,
          `${where}: content type ${mediaType || "(none)"} not documented (${Object.keys(content).join(", ")})`,
        ];
      }
      let body: unknown = response.body;
      if (mediaType.endsWith("json")) {
        try {
          body = JSON.parse(response.body);
        } catch {
          return [...problems, `${where}: body is not JSON`];
        }
      }
      const validate = ajv.getSchema(
        `${DOCUMENT_ID}#${pointer}/content/${pointerSegment(mediaType)}/schema`,
      );
      if (!validate) return [...problems, `${where}: no schema for ${mediaType}`];
      if (!validate(body)) {
        for (const error of validate.errors ?? []) {
          problems.push(
            `${where}: ${error.instancePath || "(body)"} ${error.message ?? ""} ${JSON.stringify(error.params)}`,
          );
        }
      }
      return problems;
    },
  };
}

function indexOperations(document: Json): Map<string, { node: Json; pointer: string }> {
  const operations = new Map<string, { node: Json; pointer: string }>();
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    for (const [method, node] of Object.entries(item)) {
      const id = (node as Json | undefined)?.operationId;
      if (typeof id === "string") {
        operations.set(id, {
          node: node as Json,
          pointer: `/paths/${pointerSegment(path)}/${method}`,
        });
      }
    }
  }
  return operations;
}

/** Follows a `$ref` to a reusable response; returns it with its JSON pointer. */
function resolve(document: Json, node: Json, pointer: string): [Json, string] {
  const ref = node.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return [node, pointer];
  const target = ref
    .slice(2)
    .split("/")
    .reduce<unknown>(
      (at, part) => (at as Json)[part.replaceAll("~1", "/").replaceAll("~0", "~")],
      document,
    );
  return resolve(document, target as Json, ref.slice(1));
}

/** A JSON pointer segment, URI-encoded for use in a `$ref` fragment. */
function pointerSegment(segment: string): string {
  return encodeURIComponent(segment.replaceAll("~", "~0").replaceAll("/", "~1"));
}
