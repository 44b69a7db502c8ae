/**
 * The result both commands print: one line per check, ✓ passed, ! passed with a warning (a known
 * condition the operator should understand but cannot or need not fix), ✗ failed, – skipped.
 */

export type CheckStatus = "pass" | "warn" | "fail" | "skip";

export interface Check {
  /** What was checked, e.g. "secret odoo_prod_pass is readable". */
  name: string;
  status: CheckStatus;
  /** Why it failed or was skipped, or what was found. Never a secret value. */
  detail?: string;
}

export interface Checklist {
  title: string;
  ok: boolean;
  checks: readonly Check[];
}

const MARK: Record<CheckStatus, string> = { pass: "✓", warn: "!", fail: "✗", skip: "–" };

export const pass = (name: string, detail?: string): Check => ({ name, status: "pass", detail });
export const warn = (name: string, detail: string): Check => ({ name, status: "warn", detail });
export const fail = (name: string, detail: string): Check => ({ name, status: "fail", detail });
export const skip = (name: string, detail: string): Check => ({ name, status: "skip", detail });

/** A checklist passes when nothing failed: warnings and skipped checks are reported, not counted. */
export function checklist(title: string, checks: readonly Check[]): Checklist {
  return { title, ok: checks.every((check) => check.status !== "fail"), checks };
}

export function renderChecklist(list: Checklist): string {
  const lines = list.checks.map((check) => {
    const detail = check.detail ? `: ${oneLine(check.detail)}` : "";
    return `${MARK[check.status]} ${check.name}${detail}`;
  });
  const count = (status: CheckStatus) => list.checks.filter((c) => c.status === status).length;
  const warnings = count("warn");
  const warned = warnings === 0 ? "" : ` (${warnings} with a warning)`;
  const summary = list.ok
    ? `${list.title}: all ${count("pass") + warnings} checks passed${warned}`
    : `${list.title}: ${count("fail")} of ${list.checks.length} checks failed`;
  return `${[list.title, ...lines, summary].join("\n")}\n`;
}

export function checklistJson(list: Checklist): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}

/** Multi-line messages (e.g. a config error listing problems) stay on the check's line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, "; ");
}
