/**
 * What must be the same in the emulator's answer as in Odoo's: the HTTP status, the outcome
 * (result, fault, page), the fault code or JSON-2 error name and its message line, and the
 * value's shape: types and keys recursively, array lengths, record ids, many2one pairs
 * `[id, display name]` and `display_name` values exactly. Other scalars may differ (the
 * emulator computes some values its own way), but not their type.
 */
import type { Answer } from "./answers.ts";

const typeOf = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

const isMany2one = (value: unknown): value is [number, string] =>
  Array.isArray(value) &&
  value.length === 2 &&
  typeof value[0] === "number" &&
  typeof value[1] === "string";

const show = (value: unknown) => {
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

export function shapeDifferences(odoo: unknown, emulator: unknown, path = "$"): string[] {
  if (typeOf(odoo) !== typeOf(emulator)) {
    return [
      `${path}: Odoo ${typeOf(odoo)} ${show(odoo)}, emulator ${typeOf(emulator)} ${show(emulator)}`,
    ];
  }
  if (isMany2one(odoo)) {
    return isMany2one(emulator) && odoo[0] === emulator[0] && odoo[1] === emulator[1]
      ? []
      : [`${path}: Odoo ${show(odoo)}, emulator ${show(emulator)}`];
  }
  if (Array.isArray(odoo) && Array.isArray(emulator)) {
    if (odoo.length !== emulator.length) {
      return [`${path}: Odoo ${odoo.length} items, emulator ${emulator.length}`];
    }
    return odoo.flatMap((item, i) => shapeDifferences(item, emulator[i], `${path}[${i}]`));
  }
  if (typeOf(odoo) === "object") {
    const a = odoo as Record<string, unknown>;
    const b = emulator as Record<string, unknown>;
    const missing = Object.keys(a).filter((key) => !(key in b));
    const extra = Object.keys(b).filter((key) => !(key in a));
    const out: string[] = [];
    if (missing.length > 0) out.push(`${path}: keys only Odoo sends: ${missing.join(", ")}`);
    if (extra.length > 0) out.push(`${path}: keys only the emulator sends: ${extra.join(", ")}`);
    for (const key of Object.keys(a).filter((k) => k in b)) {
      const scalar = typeOf(a[key]) === "string" || typeOf(a[key]) === "number";
      const exact = scalar && (key === "display_name" || key === "id");
      if (exact && a[key] !== b[key]) {
        out.push(`${path}.${key}: Odoo ${show(a[key])}, emulator ${show(b[key])}`);
      } else if (!exact) out.push(...shapeDifferences(a[key], b[key], `${path}.${key}`));
    }
    return out;
  }
  return [];
}

export function answerDifferences(odoo: Answer, emulator: Answer): string[] {
  const out: string[] = [];
  if (odoo.status !== emulator.status)
    out.push(`HTTP status: Odoo ${odoo.status}, emulator ${emulator.status}`);
  if (odoo.kind !== emulator.kind) {
    return [
      ...out,
      `answer: Odoo ${odoo.kind} ${show(odoo)}, emulator ${emulator.kind} ${show(emulator)}`,
    ];
  }
  if (odoo.kind === "fault" && emulator.kind === "fault") {
    if (odoo.code !== emulator.code)
      out.push(`fault: Odoo ${odoo.code}, emulator ${emulator.code}`);
    if (odoo.message !== emulator.message) {
      out.push(`message: Odoo ${show(odoo.message)}, emulator ${show(emulator.message)}`);
    }
    if (odoo.body !== undefined) out.push(...shapeDifferences(odoo.body, emulator.body, "$body"));
  }
  if (odoo.kind === "result" && emulator.kind === "result") {
    out.push(...shapeDifferences(odoo.value, emulator.value));
  }
  if (odoo.kind === "page" && emulator.kind === "page" && odoo.text !== emulator.text) {
    out.push(`page: Odoo ${show(odoo.text)}, emulator ${show(emulator.text)}`);
  }
  return out;
}
