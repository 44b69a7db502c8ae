/**
 * Fits the emulator's server-cost model (src/server-cost.ts) to the measurements:
 *
 * - `requestMs` per protocol: the median p50 of the plain ORM calls (search_read of 1-40 records,
 *   read by ids, web_search_read without relations): dispatch, authentication of the call, a
 *   transaction, serialization;
 * - `relationMs`: the slope of web_search_read's p50 over the relations its specification
 *   follows, pooled over the protocols (least squares through each protocol's 0-relation point);
 * - `versionMs` (no database) and `authenticateMs` (a password hash check): their own p50.
 *
 * Also reported, not modelled: the slope per record (search_read of 1, 10, 40 records) and each
 * series' measured p50 beside the model's prediction.
 */
import type { ServerCostModel } from "../../src/server-cost.ts";
import { costOf } from "../../src/server-cost.ts";
import type { Protocol } from "./wire.ts";

export interface Measurement {
  kind: string;
  protocol: Protocol;
  relations: number;
  records: number;
  p50_ms: number;
  p90_ms: number;
  min_ms: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Least squares slope of y over x through the point (x0, y0). */
const slopeThrough = (
  points: readonly { x: number; y: number }[],
  x0: number,
  y0: number,
): number => {
  const num = points.reduce((sum, { x, y }) => sum + (x - x0) * (y - y0), 0);
  const den = points.reduce((sum, { x }) => sum + (x - x0) ** 2, 0);
  return den === 0 ? 0 : num / den;
};

const PLAIN = new Set(["search_read_records", "read_ids"]);

export const fitModel = (measurements: readonly Measurement[]) => {
  const protocols = [
    ...new Set(measurements.filter((m) => m.kind !== "version").map((m) => m.protocol)),
  ];
  const of = (kind: string, protocol?: Protocol) =>
    measurements.filter(
      (m) => m.kind === kind && (protocol === undefined || m.protocol === protocol),
    );
  const requestMs: Partial<Record<Protocol, number>> = {};
  const relationPoints: { x: number; y: number }[] = [];
  const recordSlopes: Partial<Record<Protocol, number>> = {};
  for (const protocol of protocols) {
    const plain = measurements.filter(
      (m) =>
        m.protocol === protocol &&
        (PLAIN.has(m.kind) || (m.kind === "web_search_read" && m.relations === 0)),
    );
    if (plain.length > 0) requestMs[protocol] = round(median(plain.map((m) => m.p50_ms)));
    const sweep = of("web_search_read", protocol);
    const zero = sweep.find((m) => m.relations === 0);
    if (zero) {
      for (const m of sweep) relationPoints.push({ x: m.relations, y: m.p50_ms - zero.p50_ms });
    }
    const records = of("search_read_records", protocol);
    const first = records[0];
    if (first) {
      recordSlopes[protocol] =
        round(
          slopeThrough(
            records.map((m) => ({ x: m.records, y: m.p50_ms })),
            first.records,
            first.p50_ms,
          ) * 100,
        ) / 100;
    }
  }
  const xml = requestMs.xmlrpc ?? 0;
  const model: ServerCostModel = {
    requestMs: {
      xmlrpc: xml,
      jsonrpc: requestMs.jsonrpc ?? xml,
      json2: requestMs.json2 ?? requestMs.jsonrpc ?? xml,
    },
    versionMs: round(median(of("version").map((m) => m.p50_ms))),
    authenticateMs: round(median(of("authenticate").map((m) => m.p50_ms))),
    relationMs:
      relationPoints.length > 0 ? round(Math.max(0, slopeThrough(relationPoints, 0, 0))) : 0,
  };
  const predictions = measurements.map((m) => ({
    kind: m.kind,
    protocol: m.protocol,
    relations: m.relations,
    records: m.records,
    measured_p50_ms: m.p50_ms,
    model_ms: round(
      costOf(model, {
        protocol: m.protocol,
        service: m.kind === "version" || m.kind === "authenticate" ? "common" : "object",
        method:
          m.kind === "version" ? "version" : m.kind === "authenticate" ? "authenticate" : m.kind,
        relations: m.relations,
      }),
    ),
  }));
  return { model, record_slope_ms: recordSlopes, predictions };
};
