import { OdooFault } from "./errors.ts";

/** SQL LIKE semantics for like / ilike / =like / =ilike (PostgreSQL: backslash is the escape character). */

const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/**
 * SQL LIKE pattern -> RegExp: `%` any run, `_` one character, `\` escapes the next one. A pattern
 * ending in a lone `\` is an error in PostgreSQL, which Odoo passes on as a fault 1 traceback.
 */
export const likeToRegExp = (pattern: string, caseInsensitive: boolean): RegExp => {
  const chars = Array.from(pattern);
  let source = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === "\\" && i + 1 === chars.length) {
      throw new OdooFault(
        "psycopg2.errors.InvalidEscapeSequence",
        "LIKE pattern must not end with escape character",
      );
    }
    if (ch === "\\") {
      source += escapeRegExp(chars[++i] as string);
    } else if (ch === "%") source += "[\\s\\S]*";
    else if (ch === "_") source += "[\\s\\S]";
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? "iu" : "u");
};

// Domains are evaluated record by record: compile each LIKE pattern once.
const likeCache = new Map<string, RegExp>();
export const cachedLike = (pattern: string, caseInsensitive: boolean): RegExp => {
  const key = `${caseInsensitive ? "i" : "s"}${pattern}`;
  let regexp = likeCache.get(key);
  if (!regexp) {
    if (likeCache.size > 1000) likeCache.clear();
    regexp = likeToRegExp(pattern, caseInsensitive);
    likeCache.set(key, regexp);
  }
  return regexp;
};
