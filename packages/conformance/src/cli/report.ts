/** The summary `pnpm conformance` prints: one line per step, its mismatches under it. */
import { describeMismatch } from "../run/compare.ts";
import type { StepOutcome } from "../suite.ts";

/** Enough to see what went wrong; the JSON output has every mismatch. */
const SHOWN_MISMATCHES = 25;

export function renderStep(step: StepOutcome): string {
  const lines = [`${step.ok ? "✓" : "✗"} ${step.name}: ${step.detail}`];
  for (const mismatch of step.mismatches.slice(0, SHOWN_MISMATCHES)) {
    lines.push(`    ${describeMismatch(mismatch)}`);
  }
  if (step.mismatches.length > SHOWN_MISMATCHES) {
    lines.push(
      `    ... and ${step.mismatches.length - SHOWN_MISMATCHES} more (--json lists them all)`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export function renderSummary(
  steps: readonly StepOutcome[],
  failure?: string,
  odooVersion?: string,
): string {
  const passed = steps.filter((step) => step.ok).length;
  const mismatches = steps.reduce((sum, step) => sum + step.mismatches.length, 0);
  const title = odooVersion === undefined ? "conformance" : `conformance on Odoo ${odooVersion}`;
  if (failure !== undefined) {
    return `${title}: stopped after ${steps.length} steps: ${failure}\n`;
  }
  return passed === steps.length
    ? `${title}: all ${steps.length} steps passed, every expected value matched\n`
    : `${title}: ${steps.length - passed} of ${steps.length} steps failed, ${mismatches} mismatches\n`;
}
