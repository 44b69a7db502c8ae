/**
 * Turning Odoo values (as read()/search_read() return them) into result values: Odoo sends
 * `false` for every empty field, `[id, display_name]` for a many2one, and datetimes as
 * "YYYY-MM-DD HH:MM:SS" in UTC (Odoo ORM reference, "Fields").
 */
import type { OdooRecord } from "@jsm-odoo/odoo-client";
import type { ExtraValue } from "./types.ts";

/** A many2one's id, or undefined when empty. Accepts the bare id (`load=None`) too. */
export function m2oId(value: unknown): number | undefined {
  if (Array.isArray(value) && typeof value[0] === "number") return value[0];
  if (typeof value === "number") return value;
  return undefined;
}

/** A many2one's display name, or null when empty. */
export function m2oName(value: unknown): string | null {
  if (Array.isArray(value) && typeof value[1] === "string") return value[1];
  return null;
}

export function nonEmptyText(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** "2024-03-01 09:30:00" (UTC) -> "2024-03-01T09:30:00Z"; dates pass through unchanged. */
export function isoDateTime(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(value);
  return match ? `${match[1]}T${match[2]}Z` : value;
}

/** Odoo orders datetimes as text; our ISO strings compare the same way. */
export function compareDesc(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}

/**
 * Product display names are "[default_code] name" (product.product `_compute_display_name`);
 * for products known only through a many2one we strip the code to get the name.
 */
export function productNameFromDisplay(display: string | null): string | null {
  if (display === null) return null;
  const match = /^\[[^\]]*\] (.+)$/s.exec(display);
  return match?.[1] ?? display;
}

/** An extra field's value by its fields_get type: booleans stay booleans, empties become null. */
export function extraValue(value: unknown, type: string | undefined): ExtraValue {
  if (type === "boolean") return value === true;
  if (value === false || value === undefined || value === null || value === "") return null;
  if (type === "many2one") return m2oName(value) ?? m2oId(value) ?? null;
  if (type === "datetime") return isoDateTime(value);
  if (Array.isArray(value)) return value.filter((v): v is number => typeof v === "number");
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  return null;
}

export function byId(records: readonly OdooRecord[]): Map<number, OdooRecord> {
  return new Map(records.map((record) => [record.id, record]));
}
