/**
 * Odoo domains over the in-memory store, as odoo/osv/expression.py evaluates them: prefix
 * notation, dotted paths ("some related record matches"), the operators the project sends,
 * negative operators and active_test through paths as the README's "Domains" describes.
 */
import { invalidDomainField, invalidOperator, OdooFault } from "./errors.ts";
import { cachedLike } from "./like.ts";
import type { FieldView, ModelView, VersionProfile } from "./profiles.ts";
import { pyRepr, pyTuple } from "./py.ts";
import { isEmpty, type Value } from "./schema/index.ts";
import type { Store } from "./store.ts";

export type Predicate = (id: number) => boolean;

export interface DomainContext {
  readonly profile: VersionProfile;
  readonly store: Store;
  /** The call's context `active_test` (default true): applies to x2many hops, not many2one. */
  readonly activeTest: boolean;
  /** Raises AccessError when the user may not read the model a path reaches. */
  checkRead(model: ModelView): void;
}

const BASE_OPERATORS = new Set([
  "=",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "=?",
  "like",
  "not like",
  "ilike",
  "not ilike",
  "=like",
  "=ilike",
  "in",
  "not in",
]);
const ALIASES: Record<string, string> = { "==": "=", "<>": "!=" };
const NEGATIVE: Record<string, string> = {
  "!=": "=",
  "not like": "like",
  "not ilike": "ilike",
  "not in": "in",
};

const valueError = (message: string) => new OdooFault("builtins.ValueError", message);

/** `=` semantics: `False` matches empty values; numbers compare with numeric strings. */
const equals = (value: Value, operand: unknown): boolean => {
  if (operand === false || operand === null || operand === undefined) return isEmpty(value);
  if (typeof value === "number" && typeof operand === "string") return value === Number(operand);
  return value === operand;
};

const compare = (value: Value, operand: unknown): number | undefined => {
  if (isEmpty(value) || operand === false || operand === null || typeof value === "object") {
    return undefined;
  }
  if (typeof value === "number" && typeof operand === "number") return value - operand;
  const a = String(value);
  const b = String(operand);
  return a < b ? -1 : a > b ? 1 : 0;
};

const asList = (operand: unknown): unknown[] => (Array.isArray(operand) ? operand : [operand]);

/** A positive operator on one scalar value (negatives are handled by the caller). */
const scalarMatches = (value: Value, op: string, operand: unknown): boolean => {
  switch (op) {
    case "=":
      return equals(value, operand);
    case "=?":
      return (
        operand === false || operand === null || operand === undefined || equals(value, operand)
      );
    case "in":
      return asList(operand).some((item) => equals(value, item));
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const order = compare(value, operand);
      if (order === undefined) return false;
      return op === "<"
        ? order < 0
        : op === "<="
          ? order <= 0
          : op === ">"
            ? order > 0
            : order >= 0;
    }
    default: {
      // like, ilike, =like, =ilike
      if (isEmpty(value)) return false;
      const pattern = op.startsWith("=") ? String(operand) : `%${String(operand)}%`;
      return cachedLike(pattern, op.endsWith("ilike")).test(String(value));
    }
  }
};

export const compileDomain = (ctx: DomainContext, model: ModelView, domain: unknown): Predicate => {
  if (!Array.isArray(domain)) throw valueError(`Invalid domain: ${pyRepr(domain)}`);
  let index = 0;
  const next = (): Predicate => {
    if (index >= domain.length) {
      throw valueError(`Domain ${pyRepr(domain)} is syntactically not correct.`);
    }
    const token: unknown = domain[index++];
    if (token === "&" || token === "|") {
      const left = next();
      const right = next();
      return token === "&" ? (id) => left(id) && right(id) : (id) => left(id) || right(id);
    }
    if (token === "!") {
      const inner = next();
      return (id) => !inner(id);
    }
    if (Array.isArray(token) && token.length === 3) return compileLeaf(ctx, model, token);
    throw valueError(`Invalid leaf ${pyRepr(token)}`);
  };
  const terms: Predicate[] = [];
  while (index < domain.length) terms.push(next());
  return (id) => terms.every((term) => term(id));
};

const compileLeaf = (ctx: DomainContext, model: ModelView, leaf: unknown[]): Predicate => {
  const [left, rawOperator, operand] = leaf;
  // TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
  if (typeof left === "number") return () => left === 1;
  const lowered = typeof rawOperator === "string" ? rawOperator.toLowerCase() : "";
  const op = ALIASES[lowered] ?? lowered;
  if (typeof left !== "string" || !BASE_OPERATORS.has(op)) {
    throw invalidOperator(pyTuple(leaf), ctx.profile.version);
  }
  const positive = NEGATIVE[op] ?? op;
  return compilePath(
    ctx,
    model,
    left.split("."),
    positive,
    positive !== op,
    operand,
    left,
    rawOperator,
  );
};

const relatedIds = (
  ctx: DomainContext,
  model: ModelView,
  field: FieldView,
  id: number,
): number[] => {
  const value = ctx.store.value(model.internal, id, field.internal);
  return Array.isArray(value) ? value : typeof value === "number" ? [value] : [];
};

/**
 * Related ids a path hop searches: for x2many hops Odoo runs `comodel._search` in the caller's
 * context, which hides archived records; many2one hops use `active_test=False`.
 */
const searchedIds = (
  ctx: DomainContext,
  model: ModelView,
  field: FieldView,
  comodel: ModelView,
): ((id: number) => number[]) => {
  const x2many = field.def.type === "one2many" || field.def.type === "many2many";
  if (!x2many || !ctx.activeTest || !comodel.hasActive) {
    return (id) => relatedIds(ctx, model, field, id);
  }
  return (id) =>
    relatedIds(ctx, model, field, id).filter(
      (target) => ctx.store.value(comodel.internal, target, "active") !== false,
    );
};

const compilePath = (
  ctx: DomainContext,
  model: ModelView,
  path: string[],
  op: string,
  negate: boolean,
  operand: unknown,
  fullPath: string,
  rawOperator: unknown,
): Predicate => {
  const [head, ...rest] = path as [string, ...string[]];
  const field = model.fields.get(head);
  // Odoo turns `a.b op v` into `a any [(b op v)]`: a bad field is reported with the leaf the
  // model it belongs to was searched with.
  const leaf = () => pyTuple([path.join("."), rawOperator, operand]);
  if (!field) throw invalidDomainField(model.external, head, leaf(), ctx.profile.version);
  const comodel = field.def.relation ? ctx.profile.internal(field.def.relation) : undefined;
  if (rest.length > 0) {
    if (!comodel) {
      throw invalidDomainField(model.external, path.join("."), leaf(), ctx.profile.version);
    }
    ctx.checkRead(comodel);
    // `a.b op v` is `a any [(b op v)]`, negative operators included (expression.py
    // `_anyfy_leaves` in 17-18; `comodel._search([(b, op, v)])` then `a in ids` in 14-16):
    // some related record satisfies the negative term, and an empty relation never matches.
    const inner = compilePath(ctx, comodel, rest, op, negate, operand, fullPath, rawOperator);
    const targets = searchedIds(ctx, model, field, comodel);
    return (id) => targets(id).some(inner);
  }
  const predicate = compileField(ctx, model, field, comodel, op, operand);
  return negate ? (id) => !predicate(id) : predicate;
};

/** The last field of a path, with a positive operator. */
const compileField = (
  ctx: DomainContext,
  model: ModelView,
  field: FieldView,
  comodel: ModelView | undefined,
  op: string,
  operand: unknown,
): Predicate => {
  if (!comodel) {
    return (id) => scalarMatches(versioned(ctx, model, field, id), op, operand);
  }
  return compileRelational(ctx, model, field, comodel, op, operand);
};

const versioned = (ctx: DomainContext, model: ModelView, field: FieldView, id: number): Value => {
  const value = ctx.store.value(model.internal, id, field.internal);
  const adjust = field.def.versionValue;
  return adjust ? adjust(value, ctx.profile.version, ctx.store.record(model.internal, id)) : value;
};

const compileRelational = (
  ctx: DomainContext,
  model: ModelView,
  field: FieldView,
  comodel: ModelView,
  op: string,
  operand: unknown,
): Predicate => {
  const ids = (id: number) => relatedIds(ctx, model, field, id);
  // A name search on the comodel skips archived x2many targets.
  const searched = searchedIds(ctx, model, field, comodel);
  const byName =
    typeof operand === "string" ||
    (Array.isArray(operand) && operand.some((o) => typeof o === "string"));
  if (byName || op.includes("like")) {
    // Like Odoo's name_search on the comodel: compare display names.
    return (id) =>
      searched(id).some((target) =>
        scalarMatches(ctx.store.value(comodel.internal, target, "display_name"), op, operand),
      );
  }
  if (op === "=" || op === "=?" || op === "in") {
    const wanted = op === "in" ? asList(operand) : [operand];
    if (op === "=?" && (operand === false || operand === null)) return () => true;
    return (id) => {
      const current = ids(id);
      return wanted.some((w) =>
        w === false || w === null ? current.length === 0 : current.includes(w as number),
      );
    };
  }
  return (id) => {
    const current = ids(id);
    return current.length > 0 && scalarMatches(current[0] as number, op, operand);
  };
};
