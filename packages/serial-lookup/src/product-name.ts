/**
 * The name for the ticket, kit preferred: the rules live here so they read in one place.
 */
import type { OdooRecord } from "@jsm-odoo/odoo-client";
import type { LotInfo } from "./types.ts";
import { m2oName, nonEmptyText, productNameFromDisplay } from "./values.ts";

// "Kit" as a whole word, Unicode-aware: JavaScript's \b only knows ASCII word characters.
const KIT_WORD = /(?<![\p{L}\p{N}_])kit(?![\p{L}\p{N}_])/iu;

export function isKitName(name: string): boolean {
  return KIT_WORD.test(name);
}

/**
 * Precedence: (1) the product of the sale line the delivery move was made for (a kit
 * sold as a phantom BoM: its components' moves carry the kit's line); (2) whole-word "Kit"
 * products on the serial's order; (3) the serial's own product(s).
 */
export function productName(
  saleLine: OdooRecord | undefined,
  linesOfOrder: readonly OdooRecord[],
  lots: readonly LotInfo[],
  history: readonly OdooRecord[],
): string | null {
  if (saleLine) {
    const name = lineProductName(saleLine);
    if (name) return name;
  }
  const kits = distinct(linesOfOrder.map(lineProductName)).filter(isKitName);
  if (kits.length > 0) return kits.join(", ");
  const own = distinct([
    ...lots.map((lot) => lot.product?.name ?? null),
    ...history.map((line) => productNameFromDisplay(m2oName(line.product_id))),
  ]);
  return own.length > 0 ? own.join(", ") : null;
}

export function lineProductName(line: OdooRecord): string | null {
  return productNameFromDisplay(m2oName(line.product_id)) ?? nonEmptyText(line.name);
}

function distinct(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null && value !== ""))];
}
