/**
 * Which plan reads a lookup's records: `nested` (two `web_search_read`s, Odoo 17+) where the
 * server reads nested specifications, else `flat` (one `search_read` per model). Both hand
 * assembly the same records, so results do not depend on the plan (tests check it field for field).
 */
import type { CallOptions, OdooClient } from "@jsm-odoo/odoo-client";
import type { FetchedData } from "../fetched.ts";
import { fetchFlat } from "./flat.ts";
import { fetchNested } from "./nested.ts";
import type { PlanSettings, QueryPlan } from "./settings.ts";

export type { PlanSettings, QueryPlan } from "./settings.ts";
export { QUERY_PLANS } from "./settings.ts";

/** `auto` resolved for this server: `nested` from Odoo 17, else `flat`. */
export async function resolvePlan(
  client: OdooClient,
  plan: QueryPlan,
  call?: CallOptions,
): Promise<"nested" | "flat"> {
  if (plan !== "auto") return plan;
  return (await client.profile(call)).readsWithSpecification ? "nested" : "flat";
}

export function fetchSerialData(
  client: OdooClient,
  serials: readonly string[],
  plan: "nested" | "flat",
  settings: PlanSettings,
  call: CallOptions = {},
): Promise<FetchedData> {
  return plan === "nested"
    ? fetchNested(client, serials, settings, call)
    : fetchFlat(client, serials, settings, call);
}
