import { ENVIRONMENTS } from "../environments.ts";

/**
 * The setting names a README documents in the first table under `heading` (e.g.
 * `## Configuration`): every backticked name in the table's first column, with `<ENV>` expanded
 * to each environment (`LOOKUP_URL_<ENV>` is `LOOKUP_URL_PROD` and `LOOKUP_URL_STAGE`). A test
 * compares them with the deployment's name tables, so a setting cannot be added undocumented
 * nor documented without existing.
 */
export function documentedSettings(markdown: string, heading: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`no "${heading}" section`);
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("#")) break;
    if (line.startsWith("|")) table.push(line);
    else if (table.length > 0) break;
  }
  if (table.length < 3) throw new Error(`no table under "${heading}"`);
  const names = table.slice(2).flatMap((row) => {
    const cell = row.split("|")[1] ?? "";
    return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
  });
  return names.flatMap((name) =>
    name.includes("<ENV>")
      ? ENVIRONMENTS.map((environment) => name.replace("<ENV>", environment.toUpperCase()))
      : [name],
  );
}
