import type { PatternRule } from "./settings.ts";

/**
 * The Odoo environments a JSM rule can ask for. One lookup function, one trigger account and one
 * set of Odoo secrets exist per environment; the token function serves them all.
 */
export const ENVIRONMENTS = ["prod", "stage"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === "string" && (ENVIRONMENTS as readonly string[]).includes(value);
}

/** Reads an environment name as JSM may send it (`Prod`, ` STAGE `); undefined when unknown. */
export function parseEnvironment(value: unknown): Environment | undefined {
  if (typeof value !== "string") return undefined;
  const normalized = value.trim().toLowerCase();
  return isEnvironment(normalized) ? normalized : undefined;
}

/**
 * An environment's trigger service account (`odoo-trigger-<env>@<project>.iam.gserviceaccount.com`):
 * the token function mints tokens for it, the lookup function accepts only it. One rule for both.
 */
export const TRIGGER_ACCOUNT_RULE: PatternRule = {
  pattern: /^[a-z0-9][a-z0-9.-]*@[a-z0-9.-]+\.[a-z]+$/i,
  what: "a service-account email",
};
