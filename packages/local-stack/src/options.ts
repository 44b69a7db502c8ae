/**
 * What differs between the stack's users, in one small options object, and the defaults a local
 * deployment gets (documented, local only, never used by a deployment).
 */
import type { BodyErrorResponder, Environment } from "@jsm-odoo/function-runtime";
import { DEMO, type EmulatorOptions } from "@jsm-odoo/odoo-emulator";
import { triggerAccountId } from "@jsm-odoo/token-function/deployment";
import type { OdooLogin } from "./function-env.ts";

/** About 180 bits: over the token function's 128-bit rule (it answers 503 to a weaker one). */
export const LOCAL_ACCESS_PASSWORD = "local-stack-Access-Kq7Zx3Lp9Vb2Nm5Rt8Wc4";

/** The project the local Secret Manager holds the secrets in. */
export const LOCAL_PROJECT = "local-stack-project";

/** The demo data's custom sale.order field, mapped as an operator would map it. */
export const DEMO_EXTRA_FIELDS = '{"Trackingnumber": "sale.order:x_tracking_no"}';

/** An environment's trigger service account, named as infra names it. */
export function localTriggerAccount(environment: Environment): string {
  return `${triggerAccountId(environment)}@${LOCAL_PROJECT}.iam.gserviceaccount.com`;
}

export interface LocalStackOptions {
  /**
   * How the functions run. `in-process` (default): their handlers on the Functions Framework's
   * Express stack in this process (fast; a Secret Manager stand-in is there too). `processes`:
   * the deploy artifacts, built once per process, under the framework binary, one child each.
   */
  run?: "in-process" | "processes";
  /** The environments the token function serves (default prod and stage). */
  environments?: readonly Environment[];
  /** Whose lookup function starts with the stack (default: every environment served). */
  lookups?: readonly Environment[];
  /**
   * Per environment, the audience the token function mints for and the lookup expects (default:
   * the lookup's own URL, as in a deployment).
   */
  audience?: Partial<Record<Environment, string>>;
  /** The Odoo emulator: data, Odoo version, latency, port (default: demo data on a free port). */
  emulator?: EmulatorOptions;
  /** The token function's shared password (default LOCAL_ACCESS_PASSWORD). */
  accessPassword?: string;
  /**
   * Where lookups read the Odoo secrets: `env` (default) or `secret-manager` (the real client
   * against the local stand-in; in-process only).
   */
  secrets?: "env" | "secret-manager";
  /** Per environment, the Odoo a lookup reads (default: the emulator, its integration user). */
  odoo?: Partial<Record<Environment, Partial<OdooLogin>>>;
  /** Fixed ports (0 or absent: a free one). */
  ports?: {
    issuer?: number;
    token?: number;
    lookup?: Partial<Record<Environment, number>>;
  };
  /** Extra environment for every token function (e.g. MAX_INSTANCES). */
  tokenEnv?: Record<string, string>;
  /** Extra environment for every lookup function (e.g. REQUEST_DEADLINE_MS, EXTRA_FIELDS). */
  lookupEnv?: Record<string, string>;
  /**
   * In-process only: how the framework's body-parser refusals are answered (default
   * function-runtime's JSON error). Process-wide, as in the artifact's entry module.
   */
  respondToBodyErrors?: BodyErrorResponder;
  /** Milliseconds to wait for each child to serve (default 30 s: two cores, shared). */
  startTimeoutMs?: number;
}

/** The Odoo login of each environment: the options' values over the emulator's demo user. */
export function odooLogin(
  options: LocalStackOptions,
  environment: Environment,
  emulator: { url: string; db: string },
): OdooLogin {
  const integration = DEMO.users.integration;
  return {
    server: emulator.url,
    db: emulator.db,
    user: integration.login,
    pass: integration.apiKey,
    ...options.odoo?.[environment],
  };
}
