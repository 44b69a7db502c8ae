/**
 * Structural comparison of what was expected with what came back: every key, every array
 * element, every value, with a path to each difference. `ANY_DATETIME` in the expectation
 * accepts any ISO 8601 UTC datetime (seeding ran on Odoo's clock).
 */
import { ANY_DATETIME } from "./expectations.ts";

export interface Mismatch {
  /** `results[3].sale_order.lines[0].price_unit` */
  path: string;
  expected: unknown;
  actual: unknown;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function compareValues(expected: unknown, actual: unknown, path = ""): Mismatch[] {
  if (expected === ANY_DATETIME) {
    return typeof actual === "string" && ISO_DATETIME.test(actual)
      ? []
      : [{ path, expected, actual }];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual }];
    const out: Mismatch[] = [];
    if (expected.length !== actual.length) {
      out.push({ path: `${path}.length`, expected: expected.length, actual: actual.length });
    }
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
      out.push(...compareValues(expected[i], actual[i], `${path}[${i}]`));
    }
    return out;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return [{ path, expected, actual }];
    const out: Mismatch[] = [];
    for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const where = path ? `${path}.${name}` : name;
      if (!(name in actual)) out.push({ path: where, expected: expected[name], actual: undefined });
      else if (!(name in expected))
        out.push({ path: where, expected: undefined, actual: actual[name] });
      else out.push(...compareValues(expected[name], actual[name], where));
    }
    return out;
  }
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}

export function describeMismatch(mismatch: Mismatch): string {
  const show = (value: unknown) => (value === undefined ? "(missing)" : JSON.stringify(value));
  return `${mismatch.path}: expected ${show(mismatch.expected)}, got ${show(mismatch.actual)}`;
}
