import { OdooError } from "./errors.ts";
import type { ServerVersion } from "./types.ts";

/**
 * Names this server uses where they differ from the newest ones (sources: OCA OpenUpgrade
 * field analyses and Odoo's release notes; see shared/reference/odoo-facts.md):
 * - 16 renamed `stock.production.lot` to `stock.lot`;
 * - 16 renamed `stock.picking.move_lines` to `move_ids`;
 * - 17 merged `stock.move.line.qty_done` into `quantity` (+ `picked`), and renamed
 *   `stock.move.quantity_done` to `quantity`;
 * - 19 renamed `sale.order.line.product_uom` to `product_uom_id` and removed `res.partner.mobile`.
 */
export interface ServerProfile {
  major: number;
  version: string;
  /** Canonical (newest) model name -> this server's name, only where they differ. */
  models: Readonly<Record<string, string>>;
  /** Canonical model -> canonical field -> this server's field, only where they differ. */
  fields: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Canonical model -> fields this server does not have (dropped from field lists). */
  droppedFields: Readonly<Record<string, readonly string[]>>;
  /** `check_access_rights` up to 17, `has_access` from 18 (where the former is deprecated). */
  accessCheckMethod: "check_access_rights" | "has_access";
  /** `web_search_read` / `web_read` take a nested `specification` (17+; 16's take field lists). */
  readsWithSpecification: boolean;
  /** The same facts, named: what callers most often need. */
  names: {
    lotModel: string;
    moveLineQuantity: string;
    pickingMoves: string;
    saleLineUom: string;
    /** `null` where the server has no such field (19+). */
    partnerMobile: string | null;
  };
}

export function serverProfile(version: ServerVersion): ServerProfile {
  const { major } = version;
  const lotModel = major <= 15 ? "stock.production.lot" : "stock.lot";
  const moveLineQuantity = major <= 16 ? "qty_done" : "quantity";
  const pickingMoves = major <= 15 ? "move_lines" : "move_ids";
  const saleLineUom = major <= 18 ? "product_uom" : "product_uom_id";
  const partnerMobile = major >= 19 ? null : "mobile";

  const models: Record<string, string> = {};
  if (lotModel !== "stock.lot") models["stock.lot"] = lotModel;

  const fields: Record<string, Record<string, string>> = {};
  const rename = (model: string, canonical: string, server: string) => {
    if (canonical === server) return;
    fields[model] = { ...fields[model], [canonical]: server };
  };
  rename("stock.move.line", "quantity", moveLineQuantity);
  rename("stock.move", "quantity", major <= 16 ? "quantity_done" : "quantity");
  rename("stock.picking", "move_ids", pickingMoves);
  rename("sale.order.line", "product_uom_id", saleLineUom);

  const droppedFields: Record<string, readonly string[]> = {};
  if (partnerMobile === null) droppedFields["res.partner"] = ["mobile"];

  return Object.freeze({
    major,
    version: version.version,
    models: Object.freeze(models),
    fields: Object.freeze(fields),
    droppedFields: Object.freeze(droppedFields),
    accessCheckMethod: major <= 17 ? "check_access_rights" : "has_access",
    readsWithSpecification: major >= 17,
    names: Object.freeze({ lotModel, moveLineQuantity, pickingMoves, saleLineUom, partnerMobile }),
  });
}

/**
 * Accepts XML-RPC `version()` (`server_version`, `server_version_info`) and JSON-2
 * `/web/version` (`version`, `version_info`). SaaS builds send e.g. `["saas~17", 2, ...]`.
 */
export function parseServerVersion(raw: unknown): ServerVersion {
  if (typeof raw === "object" && raw !== null) {
    const r = raw as Record<string, unknown>;
    const info = r.server_version_info ?? r.version_info;
    const text = r.server_version ?? r.version;
    if (Array.isArray(info) && info.length > 0) {
      const first = info[0];
      const major =
        typeof first === "number" ? first : Number(/(\d+)/.exec(String(first))?.[1] ?? Number.NaN);
      if (Number.isInteger(major) && major > 0) {
        const cleanInfo = info.filter(
          (x): x is number | string => typeof x === "number" || typeof x === "string",
        );
        return {
          version: typeof text === "string" ? text : `${major}.0`,
          major,
          info: Object.freeze(cleanInfo),
        };
      }
    }
  }
  throw new OdooError("ODOO_PROTOCOL", "Odoo's version() answer has no usable server_version_info");
}
