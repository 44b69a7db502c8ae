/**
 * Python semantics that `web_search_read` / `web_read` expose to callers who send odd values:
 * Odoo never validates a specification, so a bad one fails with whatever Python raises on it
 * (`'list' object has no attribute 'keys'`, `argument of type 'bool' is not iterable`, ...).
 * These helpers raise the same exceptions with the same texts, and bind arguments the way a
 * Python call does (XML-RPC, JSON-RPC) or the way Odoo 19's JSON-2 controller does
 * (`inspect.Signature.bind`, answered 422).
 */
import { OdooFault } from "../errors.ts";

export type PyDict = Record<string, unknown>;

export const isDict = (value: unknown): value is PyDict =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `type(value).__name__` for a value decoded from XML-RPC or JSON. */
export const pyTypeName = (value: unknown): string => {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return "list";
  return "dict";
};

/**
 * An exception raised inside the method body. JSON-2 answers it 500 with its own name, even
 * for an AttributeError or TypeError (which the JSON-2 layer otherwise reads as "no such
 * method" or "arguments do not bind").
 */
export class RaisedInMethod extends OdooFault {}

/** Arguments that do not bind: TypeError for Python calls, 422 with another text on JSON-2. */
export class ArgumentsDoNotBind extends OdooFault {
  readonly json2Message: string;

  constructor(message: string, json2Message: string) {
    super("builtins.TypeError", message);
    this.json2Message = json2Message;
  }
}

export const typeError = (message: string) => new RaisedInMethod("builtins.TypeError", message);
const attributeError = (message: string) => new RaisedInMethod("builtins.AttributeError", message);
const valueError = (message: string) => new RaisedInMethod("builtins.ValueError", message);

/** `specification.keys()` / `.items()` on something that is not a dict. */
export const requireDict = (value: unknown, method: "keys" | "items"): PyDict => {
  if (isDict(value)) return value;
  throw attributeError(`'${pyTypeName(value)}' object has no attribute '${method}'`);
};

/** `list(value)`: a dict's keys, a list's items, a string's characters. */
export const pyList = (value: unknown): unknown[] => {
  if (isDict(value)) return Object.keys(value);
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return [...value];
  throw typeError(`'${pyTypeName(value)}' object is not iterable`);
};

/** `key in container`. */
export const pyIn = (key: string, container: unknown): boolean => {
  if (isDict(container)) return Object.hasOwn(container, key);
  if (Array.isArray(container)) return container.includes(key);
  if (typeof container === "string") return container.includes(key);
  throw typeError(`argument of type '${pyTypeName(container)}' is not iterable`);
};

/** `container[key]` with a string key, on what `pyIn` said contains it. */
export const pyGetItem = (container: unknown, key: string): unknown => {
  if (isDict(container)) return container[key];
  if (Array.isArray(container)) {
    throw typeError("list indices must be integers or slices, not str");
  }
  throw typeError("string indices must be integers, not 'str'");
};

/** Python truthiness. */
export const pyTruthy = (value: unknown): boolean => {
  if (value === null || value === undefined || value === false || value === 0 || value === "") {
    return false;
  }
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
};

/** `dict(value)`: a dict, or a sequence of key/value pairs. */
export const pyDict = (value: unknown): PyDict => {
  if (isDict(value)) return { ...value };
  const items = Array.isArray(value) ? value : typeof value === "string" ? [...value] : undefined;
  if (!items) throw typeError(`'${pyTypeName(value)}' object is not iterable`);
  const result: PyDict = {};
  items.forEach((item, index) => {
    const pair = Array.isArray(item) ? item : typeof item === "string" ? [...item] : undefined;
    if (!pair) {
      throw typeError(`cannot convert dictionary update sequence element #${index} to a sequence`);
    }
    if (pair.length !== 2) {
      throw valueError(
        `dictionary update sequence element #${index} has length ${pair.length}; 2 is required`,
      );
    }
    result[String(pair[0])] = pair[1];
  });
  return result;
};

/** `with_context(**value)`. */
export const contextMapping = (value: unknown, version: number): PyDict => {
  if (isDict(value)) return value;
  // Odoo 19 moved the ORM into odoo/orm/.
  const module = version >= 19 ? "odoo.orm.models" : "odoo.models";
  throw typeError(
    `${module}.BaseModel.with_context() argument after ** must be a mapping, not ${pyTypeName(value)}`,
  );
};

/** `values[:limit]` with `limit` from a specification. */
export const pySliceEnd = (limit: unknown): number => {
  if (limit === true || limit === false) return Number(limit);
  if (typeof limit === "number" && Number.isInteger(limit)) return limit;
  throw typeError("slice indices must be integers or None or have an __index__ method");
};

export interface Parameter {
  name: string;
  required: boolean;
}

const quoteList = (names: readonly string[]): string => {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length <= 2) return quoted.join(" and ");
  return `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]}`;
};

/**
 * Binds positional and keyword arguments to `Base.<method>(self, ...)` as Python does,
 * raising Python's TypeError texts; `json2Message` is what `inspect.Signature.bind` says,
 * which Odoo 19's JSON-2 controller answers with 422.
 */
export const bindArguments = (
  method: string,
  parameters: readonly Parameter[],
  positional: readonly unknown[],
  keywords: PyDict,
): PyDict => {
  const qualified = `Base.${method}()`;
  const fail = (message: string, json2Message: string) => {
    throw new ArgumentsDoNotBind(`${qualified} ${message}`, json2Message);
  };
  // `self` counts in Python's messages.
  const required = parameters.filter((p) => p.required).length + 1;
  const total = parameters.length + 1;
  if (positional.length > parameters.length) {
    const takes =
      required === total
        ? `takes ${total} positional arguments`
        : `takes from ${required} to ${total} positional arguments`;
    fail(`${takes} but ${positional.length + 1} were given`, "too many positional arguments");
  }
  const bound: PyDict = {};
  positional.forEach((value, index) => {
    bound[(parameters[index] as Parameter).name] = value;
  });
  const names = new Set(parameters.map((p) => p.name));
  const missingForJson2 = parameters.find((p) => p.required && !(p.name in keywords));
  for (const [key, value] of Object.entries(keywords)) {
    if (!names.has(key)) {
      const unexpected = `got an unexpected keyword argument '${key}'`;
      // Signature.bind reports a missing argument before an unexpected one.
      const json2 = missingForJson2
        ? `missing a required argument: '${missingForJson2.name}'`
        : unexpected;
      fail(unexpected, json2);
    }
    if (key in bound) {
      fail(`got multiple values for argument '${key}'`, `multiple values for argument '${key}'`);
    }
    bound[key] = value;
  }
  const missing = parameters.filter((p) => p.required && !(p.name in bound)).map((p) => p.name);
  if (missing.length > 0) {
    const plural = missing.length === 1 ? "argument" : "arguments";
    fail(
      `missing ${missing.length} required positional ${plural}: ${quoteList(missing)}`,
      `missing a required argument: '${missing[0]}'`,
    );
  }
  return bound;
};
