/**
 * The deployed settings the load run measures against, taken from where the infrastructure
 * defines them (`@jsm-odoo/infra/settings`: plain constants, no side effects), so the run can never
 * check a copy that drifted from what is deployed.
 */
import {
  LOOKUP_MEMORY,
  LOOKUP_REQUEST_DEADLINE_MS,
  TOKEN_MAX_INSTANCES,
  TOKEN_MEMORY,
} from "@jsm-odoo/infra/settings";

export interface DeployedSettings {
  /** Memory each function instance gets, as written in infra (e.g. "512M") and in bytes. */
  lookupMemory: { setting: string; bytes: number };
  tokenMemory: { setting: string; bytes: number };
  /** The token function's max instances: its failure budget is floor(100 / this) per hour. */
  tokenMaxInstances: number;
  /** The lookup's own request deadline: the load tool waits longer than this. */
  lookupDeadlineMs: number;
}

const UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
};

export const DEPLOYED: DeployedSettings = {
  lookupMemory: { setting: LOOKUP_MEMORY, bytes: memoryBytes(LOOKUP_MEMORY) },
  tokenMemory: { setting: TOKEN_MEMORY, bytes: memoryBytes(TOKEN_MEMORY) },
  tokenMaxInstances: TOKEN_MAX_INSTANCES,
  lookupDeadlineMs: LOOKUP_REQUEST_DEADLINE_MS,
};

/**
 * A Cloud Functions `available_memory` value in bytes. Its units are Kubernetes quantities: `M`
 * is 10^6 bytes and `Mi` 2^20 ("Supported units are k, M, G, Mi, Gi", ServiceConfig in the
 * Cloud Functions v2 API), so "512M" is 488 MiB, the smaller reading.
 */
export function memoryBytes(setting: string): number {
  const match = /^(\d+)(k|M|G|Ki|Mi|Gi)?$/.exec(setting.trim());
  const unit = UNITS[match?.[2] ?? ""];
  if (!match || unit === undefined) throw new Error(`not a memory setting: ${setting}`);
  return Number(match[1]) * unit;
}
