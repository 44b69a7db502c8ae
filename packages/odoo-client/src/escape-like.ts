/**
 * Escapes `\`, `%` and `_` so user input matches literally with `=like` / `=ilike`, which Odoo
 * passes to SQL LIKE as given (the backslash is PostgreSQL's default LIKE escape character).
 * Plain `like` / `ilike` wrap the value in `%...%` and escape it themselves since Odoo 8.
 */
export function escapeLikePattern(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
