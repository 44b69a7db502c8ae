/**
 * Differences between Odoo's recorded answers and the emulator's that remain on purpose, each
 * with its reason. Only probes may have any: on what the project itself sends (the lookup,
 * doctor) the list must stay empty (replay.test.ts checks both). The emulator README's
 * "Differences from the recordings" repeats this list.
 */
export interface AcceptedDifference {
  /** The probe (phase name without "probe: "). */
  probe: string;
  /** Matches the difference's text. */
  difference: RegExp;
  reason: string;
}

export const ACCEPTED_DIFFERENCES: readonly AcceptedDifference[] = [
  {
    probe: "common.authenticate on a database that does not exist",
    difference:
      /^message: Odoo "psycopg2\.OperationalError: connection to server at .*port \d+ failed/,
    reason:
      "PostgreSQL's message names the server's own database host and port (the recording's cluster listens on 9166/9167/9169); the emulator names the default 5432. Fault code and exception agree.",
  },
  {
    probe: "json2 a body that is not JSON",
    difference: /^message: Odoo "could not parse the body as json: Expecting /,
    reason:
      "The text after 'could not parse the body as json:' is Python's json decoder's own wording; the emulator gives JavaScript's JSON.parse message. Status (400) and error name agree.",
  },
];
