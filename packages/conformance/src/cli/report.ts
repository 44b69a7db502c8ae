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

export function renderSummary(steps: readonly StepOutcome[], failure?: string): string {
  const passed = steps.filter((step) => step.ok).length;
  const mismatches = steps.reduce((sum, step) => sum + step.mismatches.length, 0);
  if (failure !== undefined) {
    return `conformance: stopped after ${steps.length} steps: ${failure}\n`;
  }
  return passed === steps.length
    ? `conformance: all ${steps.length} steps passed, every expected value matched\n`
    : `conformance: ${steps.length - passed} of ${steps.length} steps failed, ${mismatches} mismatches\n`;
}
