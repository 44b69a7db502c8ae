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

export interface PatternRule {
  pattern: RegExp;
  /** What a value must be, e.g. "a service-account email". */
  what: string;
  /** Checked like a value that was set. */
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
  /** One of `values`, in any case; returned as `values` spells it. */
  oneOf<T extends string>(
    name: string,
    values: readonly T[],
    rule?: { default?: T },
  ): T | undefined;
  /** A comma-separated list of `values` (any case, each at most once, blanks skipped). */
  listOf<T extends string>(
    name: string,
    values: readonly T[],
    rule?: { default?: readonly T[] },
  ): T[] | undefined;
  /** An absolute URL whose protocol is allowed, returned as written. */
  url(name: string, rule?: UrlRule): string | undefined;
  /** A value matching `rule.pattern`. */
  matching(name: string, rule: PatternRule): string | undefined;
  /**
   * What `parse` makes of the value (undefined when unset); when it throws, its message is the
   * problem. For values with a parser of their own, e.g. serial-lookup's `parseExtraFields`.
   */
  parsed<T>(name: string, parse: (value: string) => T): T | undefined;
  /** A problem no single reader sees (a rule between two settings). */
  problem(message: string): void;
  problems(): readonly string[];
}

const shown = (value: string) => JSON.stringify(value.slice(0, 40));
const got = (value: string | undefined) =>
  value === undefined ? "it is not set" : `got ${shown(value)}`;
const spelled = <T extends string>(values: readonly T[], value: string) =>
  values.find((allowed) => allowed.toLowerCase() === value.toLowerCase());

export function readSettings(source: Readonly<Record<string, string | undefined>>): Settings {
  const problems: string[] = [];
  const raw = (name: string) => {
    const value = source[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const missing = (name: string, required: string | undefined) => {
    if (required !== undefined) problems.push(`${name} is not set: ${required}`);
    return undefined;
  };
  return {
    raw,
    string(name, rule = {}) {
      const value = raw(name) ?? rule.default;
      return value === undefined ? missing(name, rule.required) : value;
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
      const found = value === undefined ? undefined : spelled(values, value);
      if (found !== undefined) return found;
      problems.push(`${name} must be one of ${values.join(", ")} (${got(value)})`);
      return undefined;
    },
    listOf(name, values, rule = {}) {
      const value = raw(name);
      if (value === undefined && rule.default !== undefined) return [...rule.default];
      const items = (value ?? "").split(",").map((item) => item.trim());
      const found = items.filter((item) => item !== "").map((item) => spelled(values, item));
      const valid = found.filter((item): item is (typeof values)[number] => item !== undefined);
      if (valid.length > 0 && valid.length === found.length && new Set(valid).size === found.length)
        return valid;
      problems.push(
        `${name} must be a comma-separated list of ${values.join(", ")}, each at most once (${got(value)})`,
      );
      return undefined;
    },
    url(name, rule = {}) {
      const value = raw(name) ?? rule.default;
      const protocols = rule.protocols ?? ["http:", "https:"];
      if (value === undefined) return missing(name, rule.required);
      if (URL.canParse(value) && protocols.includes(new URL(value).protocol)) return value;
      const kinds = protocols.map((p) => p.replace(/:$/, "")).join(" or ");
      problems.push(`${name} must be an absolute ${kinds} URL (${got(value)})`);
      return undefined;
    },
    matching(name, rule) {
      const value = raw(name) ?? rule.default;
      if (value === undefined) return missing(name, rule.required);
      if (rule.pattern.test(value)) return value;
      problems.push(`${name} must be ${rule.what} (${got(value)})`);
      return undefined;
    },
    parsed(name, parse) {
      const value = raw(name);
      if (value === undefined) return undefined;
      try {
        return parse(value);
      } catch (error) {
        problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    },
    problem(message) {
      problems.push(message);
    },
    problems: () => [...problems],
  };
}

/** Settings read from a command line: `flag` names the setting a flag is read under. */
export interface FlagSettings extends Settings {
  /**
   * `--<flag>` when the flag was given; else `variable` when that stands in for it and is set;
   * else `--<flag> (or <variable>)`: a problem then names what the user wrote.
   */
  flag(flag: string, variable?: string): string;
}

/**
 * Command-line flags (`parseArgs` values) as settings named `--<flag>`, over `env` for the
 * variables that stand in for flags: the same readers, rules and messages as for the environment.
 */
export function readFlags(
  flags: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>> = {},
): FlagSettings {
  const source: Record<string, string | undefined> = { ...env };
  for (const [flag, value] of Object.entries(flags)) {
    if (typeof value === "string") source[`--${flag}`] = value;
  }
  const settings = readSettings(source);
  return {
    ...settings,
    flag(flag, variable) {
      if (variable === undefined || typeof flags[flag] === "string") return `--${flag}`;
      return settings.raw(variable) === undefined ? `--${flag} (or ${variable})` : variable;
    },
  };
}

/** The one-line message of a configuration error: its title, then every problem, `; ` apart. */
export function problemsMessage(title: string, problems: readonly string[]): string {
  return `${title}: ${problems.join("; ")}`;
}
