/**
 * Evaluates the part of the Cloud Logging query language the alert filters use, against one log
 * entry: `a.b="v"` (equality), `a.b:"v"` (has: substring), `a.b:*` (present), NOT, AND, OR and
 * parentheses. Mixing AND and OR without parentheses is refused: their precedence in the
 * Logging language (OR binds tighter) surprises readers, so our filters always bracket.
 * https://cloud.google.com/logging/docs/view/logging-query-language
 */
type Entry = Record<string, unknown>;

export function matchesFilter(filter: string, entry: Entry): boolean {
  const tokens = tokenize(filter);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];

  const expression = (): boolean => {
    const values = [term()];
    let operator: string | undefined;
    while (peek() === "AND" || peek() === "OR") {
      const op = next() as string;
      if (operator && op !== operator)
        throw new Error(`mixed AND/OR without parentheses: ${filter}`);
      operator = op;
      values.push(term());
    }
    return operator === "OR" ? values.some(Boolean) : values.every(Boolean);
  };
  const term = (): boolean => {
    const token = next();
    if (token === "NOT") return !term();
    if (token === "(") {
      const value = expression();
      if (next() !== ")") throw new Error(`unbalanced parentheses: ${filter}`);
      return value;
    }
    const comparison = /^([\w.%/-]+)(=|:)(\*|"[^"]*")$/.exec(token ?? "");
    if (!comparison) throw new Error(`cannot read "${token}" in ${filter}`);
    const [, path = "", operator, operand = ""] = comparison;
    const value = path
      .split(".")
      .reduce<unknown>((at, key) => (at as Entry | undefined)?.[key], entry);
    if (operand === "*") return value !== undefined;
    const expected = operand.slice(1, -1);
    if (value === undefined) return false;
    return operator === "=" ? String(value) === expected : String(value).includes(expected);
  };

  const result = expression();
  if (position !== tokens.length) throw new Error(`trailing input in ${filter}`);
  return result;
}

function tokenize(filter: string): string[] {
  return [...filter.matchAll(/\(|\)|[\w.%/-]+(?:=|:)(?:\*|"[^"]*")|AND|OR|NOT/g)].map((m) => m[0]);
}
