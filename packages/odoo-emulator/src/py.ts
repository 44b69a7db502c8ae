/** Python-looking renderings for error messages (Odoo's messages quote values with repr()). */
export const pyRepr = (value: unknown): string => {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string")
    return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  }
  return String(value);
};

/** A leaf as Odoo prints it: ('name', '=', 'x'). */
export const pyTuple = (values: readonly unknown[]): string => `(${values.map(pyRepr).join(", ")})`;
