import { readFile } from "node:fs/promises";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { OpsError } from "../errors.ts";

// ajv-formats is CommonJS with `exports.default`: Node's ESM loader hands us the module object.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

/** A response as the smoke test received it. */
export interface ReceivedResponse {
  status: number;
  contentType: string;
  body: unknown;
}

export interface Contract {
  /** Problems of one response against the documented one; empty when it conforms. */
  check(operationId: string, response: ReceivedResponse): string[];
}

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

/**
 * The published contract (docs/openapi.yaml, OpenAPI 3.1, whose schemas are JSON Schema
 * 2020-12) turned into validators: a response conforms when its status is documented for the
 * operation, its media type is documented for that status, and its body matches the schema.
 */
export async function loadContract(path: string): Promise<Contract> {
  let document: { paths?: Record<string, Record<string, Operation>> };
  try {
    document = parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new OpsError("CONTRACT_UNAVAILABLE", `cannot read the contract ${path}`, {
      cause: error,
    });
  }
  // OpenAPI keywords that may sit next to JSON Schema ones (OpenAPI 3.1, section 4.8.24).
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document as object, "openapi");

  const operations = new Map<string, { pointer: string; operation: Operation }>();
  for (const [route, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      if (operation?.operationId) {
        operations.set(operation.operationId, {
          pointer: `#/paths/${escapePointer(route)}/${method}`,
          operation,
        });
      }
    }
  }
  const compiled = new Map<string, ValidateFunction>();

  return {
    check(operationId, response) {
      const found = operations.get(operationId);
      if (!found) return [`the contract has no operation ${operationId}`];
      const status = String(response.status);
      const documented = found.operation.responses?.[status] ?? found.operation.responses?.default;
      if (!documented) return [`status ${status} is not documented for ${operationId}`];
      const mediaType = response.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
      const content = documented.content ?? {};
      if (!(mediaType in content)) {
        return [`${mediaType || "no Content-Type"} is not documented for ${operationId} ${status}`];
      }
      if (!content[mediaType]?.schema) return [];
      const key = `${operationId} ${status} ${mediaType}`;
      let validate = compiled.get(key);
      if (!validate) {
        const statusKey = found.operation.responses?.[status] ? status : "default";
        const ref = `openapi${found.pointer}/responses/${statusKey}/content/${escapePointer(mediaType)}/schema`;
        validate = ajv.compile({ $ref: ref });
        compiled.set(key, validate);
      }
      if (validate(response.body)) return [];
      return (validate.errors ?? []).map(
        (error) => `${error.instancePath || "body"} ${error.message ?? "is invalid"}`,
      );
    },
  };
}

/** JSON Pointer escaping (RFC 6901) plus URI escaping for a `$ref` fragment. */
function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replaceAll("~", "~0").replaceAll("/", "~1"));
}
