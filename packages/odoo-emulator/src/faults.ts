/**
 * Fault injection: make chosen calls fail the way networks, proxies and Odoo fail.
 *
 * A rule matches on the RPC service ("common", "object", "db"), the model (wire or newest name)
 * and the method (the ORM method such as "search_read", or the RPC method such as
 * "authenticate" / "execute_kw"); omitted parts match everything. `times` limits the rule to
 * the next N matching calls; without it the rule stays until `clear()`. The first rule that
 * matches wins.
 */

export type FaultKind =
  | "refuse-connection"
  | "hang"
  | "http-502"
  | "malformed-xml"
  | { fault: { code: number; string: string } };

export interface FaultMatch {
  service?: string;
  model?: string;
  method?: string;
}

export interface FaultRule {
  match?: FaultMatch;
  kind: FaultKind;
  times?: number;
}

export interface FaultInjector {
  inject(rule: FaultRule): void;
  clear(): void;
  /** Rules still armed. */
  active(): number;
}

/** What the server knows about a call when deciding on a fault. */
export interface FaultTarget {
  service: string;
  method: string;
  model?: string;
  modelInternal?: string;
  modelMethod?: string;
}

const KINDS = new Set(["refuse-connection", "hang", "http-502", "malformed-xml"]);

/** Validates a rule from untrusted JSON (control endpoint); throws Error with a clear message. */
export const parseFaultRule = (input: unknown): FaultRule => {
  if (typeof input !== "object" || input === null) throw new Error("expected a JSON object");
  const { match, kind, times } = input as Record<string, unknown>;
  const isFault =
    typeof kind === "object" &&
    kind !== null &&
    typeof (kind as { fault?: { code?: unknown } }).fault?.code === "number" &&
    typeof (kind as { fault: { string?: unknown } }).fault.string === "string";
  if (!(typeof kind === "string" && KINDS.has(kind)) && !isFault) {
    throw new Error(
      'kind: expected "refuse-connection", "hang", "http-502", "malformed-xml" or {"fault": {"code": n, "string": "..."}}',
    );
  }
  if (times !== undefined && (!Number.isInteger(times) || (times as number) < 1)) {
    throw new Error("times: expected a positive integer");
  }
  if (match !== undefined) {
    if (typeof match !== "object" || match === null) throw new Error("match: expected an object");
    for (const key of Object.keys(match)) {
      if (!["service", "model", "method"].includes(key))
        throw new Error(`match.${key}: unknown key`);
      if (typeof (match as Record<string, unknown>)[key] !== "string") {
        throw new Error(`match.${key}: expected a string`);
      }
    }
  }
  return {
    kind: kind as FaultKind,
    ...(match ? { match: match as FaultMatch } : {}),
    ...(times ? { times: times as number } : {}),
  };
};

interface ArmedRule {
  rule: FaultRule;
  remaining: number;
}

export class Faults implements FaultInjector {
  private rules: ArmedRule[] = [];

  inject(rule: FaultRule): void {
    const checked = parseFaultRule(rule);
    this.rules.push({ rule: checked, remaining: checked.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  active(): number {
    return this.rules.length;
  }

  /** The fault for this call, if a rule matches; consumes one of the rule's `times`. */
  take(target: FaultTarget): FaultKind | undefined {
    const armed = this.rules.find(({ rule }) => matches(rule.match, target));
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.rules = this.rules.filter((r) => r !== armed);
    return armed.rule.kind;
  }
}

const matches = (match: FaultMatch | undefined, target: FaultTarget): boolean => {
  if (!match) return true;
  if (match.service !== undefined && match.service !== target.service) return false;
  if (
    match.model !== undefined &&
    match.model !== target.model &&
    match.model !== target.modelInternal
  ) {
    return false;
  }
  if (
    match.method !== undefined &&
    match.method !== target.method &&
    match.method !== target.modelMethod
  ) {
    return false;
  }
  return true;
};
