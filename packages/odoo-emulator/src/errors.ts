/**
 * Errors the emulated Odoo server raises, shaped the way Odoo reports them on the wire.
 *
 * Odoo maps Python exceptions to XML-RPC fault codes in `odoo/http.py`
 * (`xmlrpc_handle_exception_int`): AccessDenied -> 3, AccessError -> 4, any other UserError
 * (MissingError, ValidationError, "Object x doesn't exist") -> 2, anything else -> 1 with the
 * formatted Python traceback as faultString. JSON-RPC carries the same exception in its
 * `error.data` envelope (`serialize_exception`).
 */

export type OdooExceptionName =
  | "odoo.exceptions.AccessDenied"
  | "odoo.exceptions.AccessError"
  | "odoo.exceptions.UserError"
  | "odoo.exceptions.MissingError"
  | "builtins.ValueError"
  | "builtins.TypeError"
  | "builtins.AttributeError"
  | "builtins.KeyError"
  | "builtins.IndexError"
  | "psycopg2.OperationalError"
  | "psycopg2.errors.InvalidEscapeSequence"
  | "xml.parsers.expat.ExpatError";

export type FaultCode = 1 | 2 | 3 | 4;

const FAULT_CODE_BY_NAME: Record<OdooExceptionName, FaultCode> = {
  "odoo.exceptions.AccessDenied": 3,
  "odoo.exceptions.AccessError": 4,
  "odoo.exceptions.UserError": 2,
  "odoo.exceptions.MissingError": 2,
  "builtins.ValueError": 1,
  "builtins.TypeError": 1,
  "builtins.AttributeError": 1,
  "builtins.KeyError": 1,
  "builtins.IndexError": 1,
  "psycopg2.OperationalError": 1,
  "psycopg2.errors.InvalidEscapeSequence": 1,
  "xml.parsers.expat.ExpatError": 1,
};

/** A Python-like traceback ending in `exceptionLine`, raised as `raised`. */
export const pythonTraceback = (raised: string, exceptionLine: string): string =>
  [
    "Traceback (most recent call last):",
    '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 2128, in _serve_db',
    "    return service_model.retrying(self._serve_ir_http, self.env)",
    '  File "/usr/lib/python3/dist-packages/odoo/service/model.py", line 156, in retrying',
    "    result = func()",
    '  File "/usr/lib/python3/dist-packages/odoo/service/model.py", line 68, in execute_kw',
    "    return execute(db, uid, obj, method, *args, **kw or {})",
    '  File "/usr/lib/python3/dist-packages/odoo/models.py", line 5610, in _odoo_emulator',
    `    raise ${raised}(message)`,
    exceptionLine,
    "",
  ].join("\n");

/** An exception the emulated server raises; the wire layers turn it into a fault or envelope. */
export class OdooFault extends Error {
  readonly exceptionName: OdooExceptionName;
  readonly faultCode: FaultCode;
  /** A TypeError from binding the call's arguments (JSON-2 answers 422, not 500). */
  readonly binding: boolean;

  constructor(
    exceptionName: OdooExceptionName,
    message: string,
    options?: { cause?: unknown; binding?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OdooFault";
    this.exceptionName = exceptionName;
    this.faultCode = FAULT_CODE_BY_NAME[exceptionName];
    this.binding = options?.binding ?? false;
  }

  /** A Python-like traceback, as Odoo sends for fault code 1 and in JSON-RPC `debug`. */
  traceback(): string {
    const shortName = this.exceptionName.slice(this.exceptionName.lastIndexOf(".") + 1);
    const pythonName = this.exceptionName.startsWith("builtins.") ? shortName : this.exceptionName;
    return pythonTraceback(shortName, `${pythonName}: ${this.message}`);
  }

  /** The XML-RPC faultString: the message for Odoo's own exceptions, a traceback otherwise. */
  faultString(): string {
    return this.faultCode === 1 ? this.traceback() : this.message;
  }
}

export const accessDenied = (): OdooFault =>
  new OdooFault("odoo.exceptions.AccessDenied", "Access Denied");

/** An unknown field in `order` (and, up to 18, in `fields`). */
export const invalidField = (field: string, model: string): OdooFault =>
  new OdooFault("builtins.ValueError", `Invalid field '${field}' on model '${model}'`);

/** An unknown field in `fields` (`_determine_fields_to_fetch`): Odoo 19 drops "model". */
export const invalidReadField = (field: string, model: string, version: number): OdooFault =>
  version >= 19
    ? new OdooFault("builtins.ValueError", `Invalid field '${field}' on '${model}'`)
    : invalidField(field, model);

/**
 * An unknown field in a domain: Odoo names the model and the leaf as the model searched it,
 * "leaf" up to 18 (osv/expression.py), "condition" in 19 (orm/domains.py).
 */
export const invalidDomainField = (
  model: string,
  field: string,
  leaf: string,
  version: number,
): OdooFault =>
  new OdooFault(
    "builtins.ValueError",
    `Invalid field ${model}.${field} in ${version >= 19 ? "condition" : "leaf"} ${leaf}`,
  );

/** A leaf whose operator Odoo does not know. */
export const invalidOperator = (leaf: string, version: number): OdooFault =>
  new OdooFault(
    "builtins.ValueError",
    version >= 19 ? `Invalid operator in condition ${leaf}` : `Invalid leaf ${leaf}`,
  );

/** A method the model does not have (19: service/model.py get_public_method). */
export const unknownMethod = (model: string, method: string, version: number): OdooFault =>
  new OdooFault(
    "builtins.AttributeError",
    version >= 19
      ? `The method '${model}.${method}' does not exist`
      : `type object '${model}' has no attribute '${method}'`,
  );

/** A method starting with `_` (models.py check_method_name; 19 names the model). */
export const privateMethod = (model: string, method: string, version: number): OdooFault =>
  new OdooFault(
    "odoo.exceptions.AccessError",
    `Private methods (such as ${version >= 19 ? `'${model}.${method}'` : method}) cannot be called remotely.`,
  );

/** execute_kw with a uid no user has: the credential check reads a missing res.users record. */
export const missingUser = (uid: unknown): OdooFault =>
  new OdooFault(
    "odoo.exceptions.MissingError",
    `Record does not exist or has been deleted.\n(Record: res.users(${String(uid)},), User: ${String(uid)})`,
  );

export const unknownModel = (model: string): OdooFault =>
  new OdooFault("odoo.exceptions.UserError", `Object ${model} doesn't exist`);

/** Raised for bad CLI arguments or an invalid fixture: a plain error with a code, never a fault. */
export type EmulatorErrorCode = "EMULATOR_BAD_ARGUMENTS" | "EMULATOR_INVALID_FIXTURE";

export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;
  readonly problems: readonly string[];

  constructor(code: EmulatorErrorCode, problems: readonly string[], options?: { cause?: unknown }) {
    super(problems.join("\n"), options);
    this.name = "EmulatorError";
    this.code = code;
    this.problems = problems;
  }
}
