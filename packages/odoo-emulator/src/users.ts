/**
 * Users, credentials and per-model rights.
 *
 * Odoo checks the password on every `execute_kw`; since 14 an API key stands in for it
 * (`res.users.apikeys`, scope "rpc"). Rights are modelled per model: `read` and `write`
 * lists of (newest) model names or "*"; create/write/unlink all need the write right.
 */
import { timingSafeEqual } from "node:crypto";
import { accessDenied, missingUser } from "./errors.ts";
import type { FixtureUser } from "./fixture.ts";

export type Operation = "read" | "write" | "create" | "unlink";

const sameSecret = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const allows = (list: readonly string[] | undefined, model: string): boolean =>
  (list ?? []).some((entry) => entry === "*" || entry === model);

export class Users {
  private readonly users: readonly FixtureUser[];
  private readonly inactive: ReadonlySet<number>;
  private readonly records: ReadonlySet<number>;

  /** `records`: every res.users id (login-capable or not), default the fixture users'. */
  constructor(
    users: readonly FixtureUser[],
    inactive: ReadonlySet<number> = new Set(),
    records: ReadonlySet<number> = new Set(users.map((user) => user.id)),
  ) {
    this.users = users;
    this.inactive = inactive;
    this.records = records;
  }

  private credentialsMatch(user: FixtureUser, secret: unknown): boolean {
    if (typeof secret !== "string" || secret === "" || this.inactive.has(user.id)) return false;
    const secrets = [...(user.password ? [user.password] : []), ...(user.api_keys ?? [])];
    return secrets.some((candidate) => sameSecret(candidate, secret));
  }

  /** `common.authenticate`: the uid, or false for unknown login or wrong secret. */
  authenticate(login: unknown, secret: unknown): number | false {
    const user = this.users.find((candidate) => candidate.login === login);
    return user && this.credentialsMatch(user, secret) ? user.id : false;
  }

  /**
   * JSON-2 bearer check (`res.users.apikeys._check_credentials(scope='rpc')`): API keys only,
   * a password is not a key; an archived user's keys do not work.
   */
  apiKeyUser(key: unknown): FixtureUser | undefined {
    if (typeof key !== "string" || key === "") return undefined;
    return this.users.find(
      (user) =>
        !this.inactive.has(user.id) &&
        (user.api_keys ?? []).some((candidate) => sameSecret(candidate, key)),
    );
  }

  /** `object.execute_kw` credential check: AccessDenied (fault 3) unless uid + secret match. */
  check(uid: unknown, secret: unknown): FixtureUser {
    // Odoo reads the user to check the secret: a uid no user has is a MissingError (fault 2).
    if (Number.isInteger(uid) && !this.records.has(uid as number)) throw missingUser(uid);
    const user = this.users.find((candidate) => candidate.id === uid);
    if (!user || !this.credentialsMatch(user, secret)) throw accessDenied();
    return user;
  }

  static can(user: FixtureUser, operation: Operation, model: string): boolean {
    return operation === "read" ? allows(user.read, model) : allows(user.write, model);
  }
}
