/**
 * One way to read settings (environment variables or command-line values) in the whole
 * repository: each reader returns the value or records one clear problem, so a parser reads
 * everything first and reports every problem at once (`settings.problems()`).
 *
 * Messages: `<NAME> must be <rule> (got "<value>")`, `(it is not set)` when missing; values are
 * quoted and cut to 40 characters, so a secret pasted into the wrong setting is never shown
 * whole. A parser throws its own coded error with `problemsMessage(title, problems)`.
 */

export interface IntegerRule {
  min: number;
  max: number;
  /** Used when the setting is unset or blank. Without it, unset is a problem. */
  default?: number;
  /** What the number means, e.g. "milliseconds a secret value is cached". */
  what?: string;
}

export interface UrlRule {
  /** Default `["http:", "https:"]`. */
  protocols?: readonly string[];
  default?: string;
  /** Why the setting is needed, said when it is unset (it is then a problem). */
  required?: string;
}

export interface Settings {
  /** The value, trimmed; undefined when unset or blank. */
  raw(name: string): string | undefined;
  /** A free text value; with `required` (why it is needed), unset is a problem. */
  string(name: string, rule?: { default?: string; required?: string }): string | undefined;
  /** A whole number in [min, max]. */
  integer(name: string, rule: IntegerRule): number | undefined;
  /** One of `values` (as written: case matters). */
  oneOf<T extends string>(
    name: string,
    values: readonly T[],
    rule?: { default?: T },
  ): T | undefined;
  /** An absolute URL whose protocol is allowed, returned as written. */
  url(name: string, rule?: UrlRule): string | undefined;
  /** A problem no single reader sees (a rule between two settings). */
  problem(message: string): void;
  problems(): readonly string[];
}

const shown = (value: string) => JSON.stringify(value.slice(0, 40));
const got = (value: string | undefined) =>
  value === undefined ? "it is not set" : `got ${shown(value)}`;

export function readSettings(source: Readonly<Record<string, string | undefined>>): Settings {
  const problems: string[] = [];
  const raw = (name: string) => {
    const value = source[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  return {
    raw,
    string(name, rule = {}) {
      const value = raw(name) ?? rule.default;
      if (value === undefined && rule.required !== undefined) {
        problems.push(`${name} is not set: ${rule.required}`);
      }
      return value;
    },
    integer(name, rule) {
      const value = raw(name);
      if (value === undefined && rule.default !== undefined) return rule.default;
      const number = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (number >= rule.min && number <= rule.max) return number;
      const what = rule.what ? `: ${rule.what}` : "";
      problems.push(
        `${name} must be an integer from ${rule.min} to ${rule.max}${what} (${got(value)})`,
      );
      return undefined;
    },
    oneOf(name, values, rule = {}) {
      const value = raw(name) ?? rule.default;
      if (value !== undefined && (values as readonly string[]).includes(value)) {
        return value as (typeof values)[number];
      }
      problems.push(`${name} must be one of ${values.join(", ")} (${got(value)})`);
      return undefined;
    },
    url(name, rule = {}) {
      const value = raw(name) ?? rule.default;
      const protocols = rule.protocols ?? ["http:", "https:"];
      if (value === undefined) {
        if (rule.required !== undefined) problems.push(`${name} is not set: ${rule.required}`);
        return undefined;
      }
      if (URL.canParse(value) && protocols.includes(new URL(value).protocol)) return value;
      const kinds = protocols.map((p) => p.replace(/:$/, "")).join(" or ");
      problems.push(`${name} must be an absolute ${kinds} URL (${got(value)})`);
      return undefined;
    },
    problem(message) {
      problems.push(message);
    },
    problems: () => [...problems],
  };
}

/** The one-line message of a configuration error: its title, then every problem, `; ` apart. */
export function problemsMessage(title: string, problems: readonly string[]): string {
  return `${title}: ${problems.join("; ")}`;
}
