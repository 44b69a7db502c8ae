import { type CallOptions, isOdooError, type OdooClient } from "@jsm-odoo/odoo-client";
import { assembleResults } from "./assemble.ts";
import { SerialLookupError } from "./errors.ts";
import type { ExtraFieldsConfig } from "./extra-fields.ts";
import type { ServerFields } from "./fetched.ts";
import { parseSerialInput } from "./parse-input.ts";
import { fetchSerialData, QUERY_PLANS, type QueryPlan, resolvePlan } from "./plan/index.ts";
import type { SerialResult } from "./types.ts";

/** Done moves listed per serial unless `historyLimit` says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 50;
/** Largest history a caller may ask for: bounds every payload. */
export const MAX_HISTORY_LIMIT = 500;

export interface SerialLookupOptions {
  /** Operator-configured fields copied into `extra` (see parseExtraFields). Default: none. */
  extraFields?: ExtraFieldsConfig;
  /** Done moves listed per serial, newest first. Default 50, at most 500. */
  historyLimit?: number;
  /** Called once per configuration problem found by init() (e.g. a missing extra field). */
  onWarning?: (message: string) => void;
  /**
   * How records are read: `nested` (Odoo 17+: two `web_search_read`s), `flat` (one
   * `search_read` per model, any version) or `auto` (default: `nested` where the server can).
   */
  plan?: QueryPlan;
}

export interface SerialLookup {
  /**
   * Asks Odoo (fields_get, once) which optional and configured fields exist; reports missing
   * configured fields once through `onWarning` and `warnings()`. lookup() calls it on first use
   * when the caller did not.
   */
  init(call?: CallOptions): Promise<void>;
  /** One result per serial, in request order. Throws SerialLookupError (ODOO_FAILED wraps OdooError). */
  lookup(serials: readonly string[], call?: CallOptions): Promise<SerialResult[]>;
  /** Problems init() found, e.g. configured fields missing on the server. */
  warnings(): readonly string[];
}

export function createSerialLookup(
  client: OdooClient,
  options: SerialLookupOptions = {},
): SerialLookup {
  const extraFields = options.extraFields ?? [];
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  if (!Number.isInteger(historyLimit) || historyLimit < 1 || historyLimit > MAX_HISTORY_LIMIT) {
    throw new TypeError(`historyLimit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`);
  }
  const requestedPlan = options.plan ?? "auto";
  if (!QUERY_PLANS.includes(requestedPlan)) {
    throw new TypeError(`plan must be one of ${QUERY_PLANS.join(", ")}`);
  }
  const warnings: string[] = [];
  let server: ServerFields | undefined;
  let plan: "nested" | "flat" = "flat";
  let initializing: Promise<void> | undefined;

  async function discover(call?: CallOptions): Promise<void> {
    plan = await resolvePlan(client, requestedPlan, call);
    const models = new Set<string>(["stock.picking", ...extraFields.map((field) => field.model)]);
    // The nested plan reads each location's usage; the flat one needs to know it can.
    if (plan === "flat") models.add("stock.move.line");
    const known = new Map<string, Record<string, { type: string }>>();
    await Promise.all(
      [...models].map(async (model) => {
        known.set(model, await client.fieldsGet(model, ["type"], call));
      }),
    );
    const extra: ServerFields["extra"] = {};
    const found: string[] = [];
    for (const { key, model, field } of extraFields) {
      const info = known.get(model)?.[field];
      if (info === undefined) {
        found.push(
          `Extra field "${key}": ${model} has no field "${field}" on this Odoo server; it stays null`,
        );
        continue;
      }
      const fields = extra[model] ?? {};
      fields[field] = info.type;
      extra[model] = fields;
    }
    const moveLine = known.get("stock.move.line");
    server = {
      carrierTrackingRef: known.get("stock.picking")?.carrier_tracking_ref !== undefined,
      moveLineUsage:
        moveLine?.location_usage !== undefined && moveLine.location_dest_usage !== undefined,
      extra,
    };
    for (const message of found) {
      warnings.push(message);
      options.onWarning?.(message);
    }
  }

  async function init(call?: CallOptions): Promise<void> {
    if (server) return;
    // Concurrent callers share one discovery; a failed one is retried by the next caller.
    initializing ??= discover(call).catch((error: unknown) => {
      initializing = undefined;
      throw odooFailure(error);
    });
    await initializing;
  }

  return {
    init,
    warnings: () => [...warnings],
    async lookup(requested, call = {}) {
      // Normalised like the JSM field (idempotent on parseSerialInput's output), so the
      // caps and exact-match guarantees hold for every caller.
      if (requested.length === 0) return [];
      const serials = parseSerialInput(requested);
      await init(call);
      const settings = { extraFields, server: server as ServerFields };
      try {
        const data = await fetchSerialData(
          client,
          serials,
          plan,
          { historyLimit, server: settings.server },
          call,
        );
        return assembleResults(serials, data, settings);
      } catch (error) {
        throw odooFailure(error);
      }
    },
  };
}

function odooFailure(error: unknown): unknown {
  if (!isOdooError(error)) return error;
  return new SerialLookupError("ODOO_FAILED", `Odoo lookup failed: ${error.message}`, {
    cause: error,
  });
}
