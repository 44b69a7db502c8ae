import { existsSync } from "node:fs";
import {
  type ContractValidator,
  createContractValidator,
  OPENAPI_PATH,
} from "@jsm-odoo/lookup-function/contract";
import { OpsError } from "../errors.ts";

export type { ContractValidator, ObservedResponse } from "@jsm-odoo/lookup-function/contract";

/** The published contract of both functions (docs/openapi.yaml). */
export const DEFAULT_CONTRACT_PATH = OPENAPI_PATH;

/**
 * The validator lookup-function's own end-to-end tests use (one source of truth for what
 * "conforms" means: documented status, media type, required headers, body schema).
 */
export function loadContract(path: string = DEFAULT_CONTRACT_PATH): ContractValidator {
  if (!existsSync(path)) {
    throw new OpsError("CONTRACT_UNAVAILABLE", `the contract ${path} does not exist`);
  }
  try {
    return createContractValidator({ path });
  } catch (error) {
    throw new OpsError("CONTRACT_UNAVAILABLE", `cannot read the contract ${path}`, {
      cause: error,
    });
  }
}
