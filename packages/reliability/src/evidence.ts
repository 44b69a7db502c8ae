/**
 * One line of docs/reliability.md: what a run tried, what the documentation promises, and what
 * actually happened. Every runner (fault matrix, fuzz, load) reports in this shape so that the
 * report is generated from observations, never written by hand.
 */
export interface EvidenceRow {
  /** "faults" | "hostile input" | "load". */
  area: string;
  /** What was done, in an operator's words, e.g. "Odoo refuses connections". */
  scenario: string;
  /** The documented behaviour, e.g. "503 ODOO_UNAVAILABLE, JSON, within the deadline". */
  expected: string;
  /** What was measured, e.g. "503 ODOO_UNAVAILABLE in 41 ms; next request 200; no secret". */
  observed: string;
  pass: boolean;
}
