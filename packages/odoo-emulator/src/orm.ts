/**
 * The ORM subset behind `execute_kw`: argument binding like Python's, access rights,
 * search / search_read / read / search_count / fields_get / check_access_rights / has_access.
 * Writes are not emulated: users without the write right get Odoo's AccessError (fault 4);
 * users with it get a UserError (fault 2) saying the emulator does not write.
 */
import { compileDomain, type DomainContext } from "./domain.ts";
import { OdooFault, privateMethod, unknownMethod, unknownModel } from "./errors.ts";
import type { FixtureUser } from "./fixture.ts";
import type { ModelView, VersionProfile } from "./profiles.ts";
import { fieldsGet, readRecord, resolveFields, sortIds, type WireValue } from "./read.ts";
import type { Store } from "./store.ts";
import { type Operation, Users } from "./users.ts";
import { callWebMethod, isWebMethod, type WebOrm } from "./web/methods.ts";

type Args = Record<string, unknown>;

/** Positional parameter names of each emulated method (after `self`). */
const SIGNATURES: Record<string, readonly string[]> = {
  search: ["domain", "offset", "limit", "order", "count"],
  search_read: ["domain", "fields", "offset", "limit", "order"],
  read: ["ids", "fields", "load"],
  search_count: ["domain", "limit"],
  fields_get: ["allfields", "attributes"],
  check_access_rights: ["operation", "raise_exception"],
  has_access: ["ids", "operation"],
};

/** Parameters without a default (Odoo's signatures, the same in 14-19). */
const REQUIRED: Record<string, readonly string[]> = {
  search: ["domain"],
  search_count: ["domain"],
  check_access_rights: ["operation"],
  has_access: ["operation"],
};

/** Methods that would change data: they need the write right. */
const WRITE_METHOD = /^(create|write|unlink|copy|toggle_active|action_.*|button_.*)$/;

const OPERATION_VERB: Record<Operation, string> = {
  read: "access",
  write: "modify",
  create: "create",
  unlink: "delete",
};

export const accessError = (model: ModelView, operation: Operation): OdooFault =>
  new OdooFault(
    "odoo.exceptions.AccessError",
    `You are not allowed to ${OPERATION_VERB[operation]} '${model.def.description}' (${model.external}) records.\n\n` +
      "This operation is allowed for the following groups:\n\t- Administration/Settings\n\n" +
      "Contact your administrator to request access if necessary.",
  );

const typeError = (message: string) => new OdooFault("builtins.TypeError", message);
const bindingError = (message: string) =>
  new OdooFault("builtins.TypeError", message, { binding: true });

/**
 * Binds positional and keyword arguments as Python would; Odoo's methods live on BaseModel, so
 * Python names them `BaseModel.<method>()`. `search_read` takes any other keyword (`**read_kwargs`)
 * and passes it on to `read()` (16) / `_read_format()` (17+), which refuses it when called.
 */
const bind = (
  method: string,
  names: readonly string[],
  args: unknown,
  kwargs: unknown,
  version: number,
): Args => {
  const positional = Array.isArray(args) ? args : [];
  if (args !== undefined && !Array.isArray(args)) throw typeError("args must be a list");
  if (positional.length > names.length) {
    throw bindingError(
      `BaseModel.${method}() takes from 1 to ${names.length + 1} positional arguments but ${positional.length + 1} were given`,
    );
  }
  const bound: Args = {};
  positional.forEach((value, i) => {
    bound[names[i] as string] = value;
  });
  const named = typeof kwargs === "object" && kwargs !== null ? (kwargs as Args) : {};
  for (const [key, value] of Object.entries(named)) {
    if (key === "context") continue;
    if (!names.includes(key)) {
      if (method === "search_read") {
        const reader = version <= 16 ? "read" : "_read_format";
        throw typeError(`BaseModel.${reader}() got an unexpected keyword argument '${key}'`);
      }
      throw bindingError(`BaseModel.${method}() got an unexpected keyword argument '${key}'`);
    }
    if (key in bound) {
      throw bindingError(`BaseModel.${method}() got multiple values for argument '${key}'`);
    }
    bound[key] = value;
  }
  const missing = (REQUIRED[method] ?? []).filter((name) => bound[name] === undefined);
  if (missing.length > 0) {
    const names = missing.map((name) => `'${name}'`).join(" and ");
    throw bindingError(
      `BaseModel.${method}() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${names}`,
    );
  }
  bound.context = typeof named.context === "object" && named.context !== null ? named.context : {};
  return bound;
};

const asOperation = (value: unknown): Operation => {
  if (value === "read" || value === "write" || value === "create" || value === "unlink")
    return value;
  throw new OdooFault("builtins.ValueError", `Invalid access mode: ${String(value)}`);
};

const asCount = (value: unknown, name: string): number | undefined => {
  if (value === undefined || value === null || value === false || value === 0) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0)
    throw typeError(`${name} must be a non-negative integer`);
  return value as number;
};

export class Orm {
  private readonly store: Store;
  private readonly profile: VersionProfile;

  constructor(store: Store, profile: VersionProfile) {
    this.store = store;
    this.profile = profile;
  }

  /** `execute_kw(db, uid, password, model, method, args, kwargs)` after the credential check. */
  call(
    user: FixtureUser,
    modelName: unknown,
    method: unknown,
    args: unknown,
    kwargs: unknown,
  ): WireValue {
    if (typeof method !== "string" || typeof modelName !== "string") {
      throw typeError("execute_kw() expects the model and method names as strings");
    }
    const version = this.profile.version;
    if (method.startsWith("_")) throw privateMethod(modelName, method, version);
    const model = this.profile.model(modelName);
    if (!model) throw unknownModel(modelName);
    if (WRITE_METHOD.test(method)) {
      const operation: Operation =
        method === "create" || method === "copy"
          ? "create"
          : method === "unlink"
            ? "unlink"
            : "write";
      if (!Users.can(user, operation, model.internal)) throw accessError(model, operation);
      throw new OdooFault(
        "odoo.exceptions.UserError",
        `odoo-emulator does not emulate writes (${model.external}.${method}).`,
      );
    }
    if (isWebMethod(method, this.profile.version)) {
      return callWebMethod(this.webOrm(user, model), model, method, args, kwargs);
    }
    const signature = SIGNATURES[method];
    if (!signature || !this.profile.hasMethod(method)) {
      throw unknownMethod(model.external, method, version);
    }
    // search(count=True) was removed in 17 (use search_count).
    const names =
      method === "search" && this.profile.version >= 17 ? signature.slice(0, 4) : signature;
    const bound = bind(method, names, args, kwargs, version);
    switch (method) {
      case "fields_get":
        return fieldsGet(this.profile, model, bound.allfields, bound.attributes);
      case "check_access_rights": {
        const allowed = Users.can(user, asOperation(bound.operation), model.internal);
        if (!allowed && bound.raise_exception !== false)
          throw accessError(model, asOperation(bound.operation));
        return allowed;
      }
      case "has_access":
        // A record method: over XML-RPC `[[], "read"]`; `["read"]` binds "read" as the records
        // and leaves `operation` missing (refused when binding).
        return Users.can(user, asOperation(bound.operation), model.internal);
    }
    this.checkRead(user, model);
    if (method === "read" || method === "search_read") this.checkReadAll(user, model, bound.fields);
    if (method === "read") {
      const ids = Array.isArray(bound.ids) ? bound.ids : [bound.ids];
      if (!ids.every((id) => Number.isInteger(id))) throw typeError("read() expects a list of ids");
      const fields = resolveFields(model, bound.fields, version);
      // read() silently drops ids that do not exist.
      return (ids as number[])
        .filter((id) => this.store.exists(model.internal, id))
        .map((id) =>
          readRecord(
            this.store,
            this.profile,
            model,
            fields,
            id,
            bound.load !== null && bound.load !== false,
          ),
        );
    }
    const fields = method === "search_read" ? resolveFields(model, bound.fields, version) : [];
    const found = this.search(user, model, bound);
    const offset = asCount(bound.offset, "offset") ?? 0;
    const limit = asCount(bound.limit, "limit");
    if (method === "search_count") return Math.min(found.length, limit ?? found.length);
    if (method === "search" && bound.count === true && this.profile.version <= 16)
      return found.length;
    const page = found.slice(offset, limit === undefined ? undefined : offset + limit);
    if (method === "search") return page;
    return page.map((id) => readRecord(this.store, this.profile, model, fields, id, true));
  }

  /** What web_search_read / web_read (web/methods.ts) use, for this user and model. */
  private webOrm(user: FixtureUser, model: ModelView): WebOrm {
    return {
      store: this.store,
      profile: this.profile,
      uid: user.id,
      checkRead: (target) => this.checkRead(user, target),
      search: (target, domain, context, order) =>
        this.search(user, target, { domain, context, order }),
      call: (method, args, kwargs) => this.call(user, model.external, method, args, kwargs),
    };
  }

  /** Every field, computed ones included, as Odoo reads them when `fields` is empty. */
  private checkReadAll(user: FixtureUser, model: ModelView, fields: unknown): void {
    const all = fields === undefined || fields === null || fields === false;
    const denied = model.def.readAllDenied;
    if (!denied || !(all || (Array.isArray(fields) && fields.length === 0))) return;
    if (!(user.read ?? []).includes("*")) {
      throw new OdooFault("odoo.exceptions.AccessError", denied(this.profile.version));
    }
  }

  private checkRead(user: FixtureUser, model: ModelView): void {
    if (!Users.can(user, "read", model.internal)) throw accessError(model, "read");
  }

  private search(user: FixtureUser, model: ModelView, bound: Args): number[] {
    const context = bound.context as Args;
    const ctx: DomainContext = {
      profile: this.profile,
      store: this.store,
      activeTest: context.active_test !== false,
      checkRead: (comodel) => this.checkRead(user, comodel),
    };
    const domain = bound.domain === undefined || bound.domain === null ? [] : bound.domain;
    const matches = compileDomain(ctx, model, domain);
    const activeTest = ctx.activeTest && model.hasActive;
    const activeField = model.byInternal.get("active");
    const ids = this.store
      .ids(model.internal)
      .filter(
        (id) =>
          (!activeTest ||
            !activeField ||
            this.store.value(model.internal, id, "active") !== false) &&
          matches(id),
      );
    return sortIds(this.store, this.profile, model, ids, bound.order);
  }
}
