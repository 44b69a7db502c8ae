const ERROR_SEVERITIES = new Set(["ERROR", "CRITICAL", "ALERT", "EMERGENCY"]);

/** A function's JSON log entries of severity ERROR or worse, as `message: error message`. */
export function errorLines(lines: readonly string[]): string[] {
  const found: string[] = [];
  for (const line of lines) {
    let entry: { severity?: unknown; message?: unknown; error?: { message?: unknown } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (!ERROR_SEVERITIES.has(String(entry.severity))) continue;
    const detail = typeof entry.error?.message === "string" ? `: ${entry.error.message}` : "";
    found.push(`${String(entry.message)}${detail}`.replaceAll("\n", " "));
  }
  return found;
}
