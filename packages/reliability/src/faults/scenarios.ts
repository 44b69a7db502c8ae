/** The fault matrix: every scenario, in the order the report lists them. */
import { ODOO_SCENARIOS } from "./odoo-faults.ts";
import { PLATFORM_SCENARIOS } from "./platform-faults.ts";
import type { FaultScenario } from "./scenario.ts";
import { SECURITY_SCENARIOS } from "./security-faults.ts";

export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  ...ODOO_SCENARIOS,
  ...PLATFORM_SCENARIOS,
  ...SECURITY_SCENARIOS,
];
