/**
 * Transfers as a warehouse user makes them, through Odoo's own methods: confirm, reserve, enter
 * the serials and quantities, validate; returns through the return wizard. The field and method
 * names that moved between versions are handled here and nowhere else.
 */
import { ConformanceError } from "../errors.ts";
import type { OdooRow, OdooWriter, Values } from "../writer/odoo-writer.ts";

export interface MoveRow {
  id: number;
  productId: number;
  quantity: number;
  uomId: number;
  saleLineId: number | false;
  locationId: number;
  locationDestId: number;
  state: string;
}

const m2o = (value: unknown): number | false =>
  Array.isArray(value) && typeof value[0] === "number" ? value[0] : false;

export async function pickingMoves(writer: OdooWriter, pickingId: number): Promise<MoveRow[]> {
  const rows = await writer.searchRead(
    "stock.move",
    [["picking_id", "=", pickingId]],
    [
      "product_id",
      "product_uom_qty",
      "product_uom",
      "sale_line_id",
      "location_id",
      "location_dest_id",
      "state",
    ],
    { order: "id" },
  );
  return rows.map((row: OdooRow) => ({
    id: row.id,
    productId: m2o(row.product_id) || 0,
    quantity: Number(row.product_uom_qty),
    uomId: m2o(row.product_uom) || 0,
    saleLineId: m2o(row.sale_line_id),
    locationId: m2o(row.location_id) || 0,
    locationDestId: m2o(row.location_dest_id) || 0,
    state: String(row.state),
  }));
}

/** The done quantity of a move line: `qty_done` up to 16, `quantity` (+ `picked`) from 17. */
function doneQuantity(major: number, quantity: number): Values {
  return major <= 16 ? { qty_done: quantity } : { quantity, picked: true };
}

/**
 * Enters what was really moved (the given lots for tracked products, one line each; the whole
 * demand otherwise) and validates. Lines Odoo reserved are replaced: which serial leaves is the
 * scenario's choice, not the removal strategy's.
 */
export async function validateWithLots(
  writer: OdooWriter,
  pickingId: number,
  lotsFor: (move: MoveRow) => readonly { lotId?: number; lotName?: string }[] | undefined,
): Promise<void> {
  const moves = await pickingMoves(writer, pickingId);
  for (const move of moves) {
    if (move.state === "done" || move.state === "cancel") continue;
    const existing = await writer.search("stock.move.line", [["move_id", "=", move.id]]);
    if (existing.length > 0) await writer.call("stock.move.line", "unlink", [existing]);
    const lots = lotsFor(move);
    const base = {
      move_id: move.id,
      picking_id: pickingId,
      product_id: move.productId,
      product_uom_id: move.uomId,
      location_id: move.locationId,
      location_dest_id: move.locationDestId,
    };
    if (lots === undefined) {
      await writer.create("stock.move.line", {
        ...base,
        ...doneQuantity(writer.major, move.quantity),
      });
    } else {
      if (lots.length !== move.quantity) {
        throw new ConformanceError(
          "CONFORMANCE_SEED",
          `picking ${pickingId}: move ${move.id} needs ${move.quantity} serials, the scenario gives ${lots.length}`,
        );
      }
      for (const lot of lots) {
        await writer.create("stock.move.line", {
          ...base,
          ...(lot.lotId ? { lot_id: lot.lotId } : { lot_name: lot.lotName }),
          ...doneQuantity(writer.major, 1),
        });
      }
    }
    if (writer.major >= 17) await writer.write("stock.move", [move.id], { picked: true });
  }
  await validate(writer, pickingId);
}

/** `button_validate`, answering the wizards it may open for a complete transfer. */
async function validate(writer: OdooWriter, pickingId: number): Promise<void> {
  let answer = await writer.call("stock.picking", "button_validate", [[pickingId]]);
  for (let round = 0; round < 3 && typeof answer === "object" && answer !== null; round++) {
    const action = answer as { res_model?: string; context?: Values };
    const model = action.res_model;
    if (model !== "stock.immediate.transfer" && model !== "stock.backorder.confirmation") {
      throw new ConformanceError(
        "CONFORMANCE_SEED",
        `picking ${pickingId}: validation opened ${model ?? "an unexpected action"}`,
      );
    }
    const wizard = await writer.create(model, {}, action.context ?? {});
    const method = model === "stock.immediate.transfer" ? "process" : "process_cancel_backorder";
    answer = await writer.call(model, method, [[wizard]], { context: action.context ?? {} });
  }
  const [picking] = await writer.read("stock.picking", [pickingId], ["state", "name"]);
  if (picking?.state !== "done") {
    throw new ConformanceError(
      "CONFORMANCE_SEED",
      `picking ${String(picking?.name ?? pickingId)} is ${String(picking?.state)} after validation`,
    );
  }
}

/**
 * Reserves the picking and makes the reserved serial the scenario's: Odoo's `write` on a
 * reserved line moves the reservation to the new lot. Nothing is validated.
 */
export async function reserveLots(
  writer: OdooWriter,
  pickingId: number,
  lotFor: (move: MoveRow) => number | undefined,
): Promise<void> {
  await writer.call("stock.picking", "action_assign", [[pickingId]]);
  for (const move of await pickingMoves(writer, pickingId)) {
    const lotId = lotFor(move);
    if (lotId === undefined) continue;
    const lines = await writer.searchRead(
      "stock.move.line",
      [["move_id", "=", move.id]],
      ["lot_id"],
    );
    if (lines.length === 0) {
      throw new ConformanceError("CONFORMANCE_SEED", `move ${move.id} could not be reserved`);
    }
    for (const line of lines) {
      if (m2o(line.lot_id) !== lotId)
        await writer.write("stock.move.line", [line.id], { lot_id: lotId });
    }
  }
}

/**
 * A return of every done move of a delivery through Odoo's return wizard (`stock.return.picking`):
 * 16 fills its lines in an onchange, which RPC does not run, so they are given as the onchange
 * would; 17 computes them; 18+ return everything with `action_create_returns_all`.
 * Returns the new (confirmed) return picking's id.
 */
export async function createReturn(writer: OdooWriter, pickingId: number): Promise<number> {
  const context = { active_id: pickingId, active_ids: [pickingId], active_model: "stock.picking" };
  const values: Values = { picking_id: pickingId };
  if (writer.major <= 16) {
    const [picking] = await writer.read("stock.picking", [pickingId], ["location_id"]);
    values.location_id = m2o(picking?.location_id);
    values.product_return_moves = (await pickingMoves(writer, pickingId)).map((move) => [
      0,
      0,
      { product_id: move.productId, quantity: move.quantity, move_id: move.id, uom_id: move.uomId },
    ]);
  }
  const wizard = await writer.create("stock.return.picking", values, context);
  const method = writer.major >= 18 ? "action_create_returns_all" : "create_returns";
  const action = (await writer.call("stock.return.picking", method, [[wizard]], { context })) as {
    res_id?: unknown;
  };
  if (typeof action?.res_id !== "number") {
    throw new ConformanceError(
      "CONFORMANCE_SEED",
      `the return of picking ${pickingId} made no picking`,
    );
  }
  return action.res_id;
}
