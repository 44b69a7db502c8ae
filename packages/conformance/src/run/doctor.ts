/**
 * `pnpm ops doctor`'s own logic (`runDoctor`), for the integration user (must pass, with Odoo's
 * stock.move.line grant as its only warning) and for the broader user (must fail, on the rights
 * Inventory/User and Sales/User give, stock.move.line included).
 */
import { randomBytes } from "node:crypto";
import { envSecretSource } from "@jsm-odoo/function-runtime";
import type { OdooProtocolSetting } from "@jsm-odoo/odoo-client";
import { type Checklist, runDoctor } from "@jsm-odoo/ops-cli";
import { LOOKUP_MODELS } from "@jsm-odoo/serial-lookup";
import type { Mismatch } from "./compare.ts";

export interface DoctorTarget {
  url: string;
  db: string;
  login: string;
  apiKey: string;
}

export interface DoctorOutcome {
  role: "integration" | "broader";
  protocol: OdooProtocolSetting;
  list: Checklist;
  mismatches: Mismatch[];
}

/** The models Inventory/User and Sales/User can change in every version (and so must fail). */
export const BROADER_WRITES = [
  "stock.picking",
  "stock.move",
  "stock.move.line",
  "sale.order",
  "sale.order.line",
] as const;

export async function checkDoctor(
  target: DoctorTarget,
  role: DoctorOutcome["role"],
  protocol: OdooProtocolSetting,
): Promise<DoctorOutcome> {
  const list = await runDoctor({
    environment: "prod",
    secrets: envSecretSource({
      ACCESS_PASSWORD: randomBytes(32).toString("base64url"),
      ODOO_PROD_SERVER: target.url,
      ODOO_PROD_DB: target.db,
      ODOO_PROD_USER: target.login,
      ODOO_PROD_PASS: target.apiKey,
    }),
    odooProtocol: protocol,
    timeoutMs: 60_000,
  });
  return { role, protocol, list, mismatches: role === "integration" ? passes(list) : fails(list) };
}

const status = (list: Checklist, name: string) => list.checks.find((c) => c.name === name)?.status;

/** Everything passes; the one warning is Odoo's own stock.move.line grant. */
function passes(list: Checklist): Mismatch[] {
  const out: Mismatch[] = [];
  for (const check of list.checks) {
    const expected =
      check.name === "cannot change stock.move.line"
        ? "warn"
        : check.name === "configured extra fields exist"
          ? "skip"
          : "pass";
    if (check.status !== expected) {
      out.push({ path: `${check.name} (${check.detail ?? ""})`, expected, actual: check.status });
    }
  }
  for (const model of LOOKUP_MODELS) {
    if (status(list, `can read ${model}`) !== "pass") {
      out.push({
        path: `can read ${model}`,
        expected: "pass",
        actual: status(list, `can read ${model}`),
      });
    }
  }
  return out;
}

/** Reads pass; the changes the broader groups allow fail, stock.move.line included. */
function fails(list: Checklist): Mismatch[] {
  const out: Mismatch[] = [];
  if (list.ok) out.push({ path: "doctor", expected: "failed", actual: "passed" });
  for (const model of LOOKUP_MODELS) {
    const read = status(list, `can read ${model}`);
    if (read !== "pass") out.push({ path: `can read ${model}`, expected: "pass", actual: read });
  }
  for (const model of BROADER_WRITES) {
    const change = status(list, `cannot change ${model}`);
    if (change !== "fail")
      out.push({ path: `cannot change ${model}`, expected: "fail", actual: change });
  }
  for (const check of list.checks) {
    if (check.status === "fail" && !check.name.startsWith("cannot change ")) {
      out.push({ path: check.name, expected: "pass", actual: `fail (${check.detail ?? ""})` });
    }
  }
  return out;
}
