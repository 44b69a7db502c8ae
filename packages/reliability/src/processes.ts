/**
 * Both functions in their production shape, for the fuzz and load runs: the local stack with
 * each deploy artifact under the real Functions Framework binary in a child process
 * (`@jsm-odoo/local-stack/testing`), so the entry module's body limit and JSON refusals are
 * installed, and a crash or a leak shows as a dead child or a line of its output. One
 * environment (prod), its lookup mapping the demo data's custom field as `pnpm dev` does.
 */

import {
  DEMO_EXTRA_FIELDS,
  type ProcessStack,
  startLocalStack,
} from "@jsm-odoo/local-stack/testing";
import { LOOKUP_ENV } from "@jsm-odoo/lookup-function/deployment";

export interface LocalFunctionsOptions {
  /** Emulator latency per Odoo request (default 0). */
  latencyMs?: number;
  /** Extra environment for the token function (e.g. `MAX_INSTANCES`). */
  tokenEnv?: Record<string, string>;
  /** Extra environment for the prod lookup function (e.g. `REQUEST_DEADLINE_MS`). */
  lookupEnv?: Record<string, string>;
}

export function startLocalFunctions(options: LocalFunctionsOptions = {}): Promise<ProcessStack> {
  return startLocalStack({
    run: "processes",
    environments: ["prod"],
    emulator: { latencyMs: options.latencyMs ?? 0 },
    tokenEnv: options.tokenEnv ?? {},
    lookupEnv: { [LOOKUP_ENV.extraFields]: DEMO_EXTRA_FIELDS, ...options.lookupEnv },
  });
}
