import type { ServerFields } from "../fetched.ts";

/** Which plan reads a lookup's records (README "Query plans"). */
export const QUERY_PLANS = ["auto", "nested", "flat"] as const;
export type QueryPlan = (typeof QUERY_PLANS)[number];

export interface PlanSettings {
  historyLimit: number;
  server: ServerFields;
}
