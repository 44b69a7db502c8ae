/**
 * One request reads the done move lines of every serial at once, newest first, up to a shared
 * limit (the "window"). This file splits that window per serial and says which serials it may
 * have cut short, so a plan can ask again for those alone.
 *
 * Because Odoo orders the window `date desc, id desc`, it is a prefix of that order: each serial's
 * lines in it are that serial's newest lines. So when the window is not full every answer is
 * exact, and when it is full a serial is still exact if it has `historyLimit` lines in it and
 * its latest delivery among them (a return older than that delivery cannot make it "returned").
 */
import type { OdooRecord } from "@jsm-odoo/odoo-client";
import { serialKey } from "../parse-input.ts";
import { m2oId, m2oName } from "../values.ts";

export interface SerialMoves {
  /** Done move lines, newest first, at most `historyLimit`. */
  history: OdooRecord[];
  /** The latest done move line into a customer location (0 or 1). */
  deliveries: OdooRecord[];
  /** The latest done move line out of a customer location into another kind (0 or 1). */
  returns: OdooRecord[];
}

export interface WindowSplit {
  moves: SerialMoves[];
  /** Positions of serials whose history, delivery or return may lie past the window. */
  incomplete: number[];
}

/** Where a move line goes, as far as the customer boundary is concerned. */
export interface Crossing {
  intoCustomer: boolean;
  outOfCustomer: boolean;
}

export interface WindowOptions {
  historyLimit: number;
  /** The window came back as long as its limit: older lines may exist. */
  full: boolean;
  /** Lots found by name, by id: a line belongs to the serial its lot is named after. */
  lotsById: ReadonlyMap<number, OdooRecord>;
  crossing: (line: OdooRecord) => Crossing;
}

/** The serial (lower-cased) a move line's lot is named after. */
export function lineSerialKey(
  line: OdooRecord,
  lotsById: ReadonlyMap<number, OdooRecord>,
): string | undefined {
  const lot = lotsById.get(m2oId(line.lot_id) ?? -1);
  const name = typeof lot?.name === "string" ? lot.name : m2oName(line.lot_id);
  return name === null ? undefined : serialKey(name);
}

export function splitWindow(
  serials: readonly string[],
  lines: readonly OdooRecord[],
  options: WindowOptions,
): WindowSplit {
  const bySerial = new Map<string, OdooRecord[]>();
  for (const line of lines) {
    const key = lineSerialKey(line, options.lotsById);
    if (key === undefined) continue;
    const own = bySerial.get(key) ?? [];
    own.push(line);
    bySerial.set(key, own);
  }
  const incomplete: number[] = [];
  const moves = serials.map((serial, position) => {
    const own = bySerial.get(serialKey(serial)) ?? [];
    const split = movesOf(own, options);
    const historyCut = own.length < options.historyLimit;
    if (options.full && (historyCut || split.deliveries.length === 0)) incomplete.push(position);
    return split;
  });
  return { moves, incomplete };
}

/** A serial's own lines (newest first) as history, latest delivery and latest return. */
export function movesOf(own: readonly OdooRecord[], options: WindowOptions): SerialMoves {
  const delivery = own.find((line) => options.crossing(line).intoCustomer);
  const back = own.find((line) => options.crossing(line).outOfCustomer);
  return {
    history: own.slice(0, options.historyLimit),
    deliveries: delivery ? [delivery] : [],
    returns: back ? [back] : [],
  };
}
