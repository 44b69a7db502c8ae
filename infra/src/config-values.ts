/**
 * Readers for single configuration values: each returns the parsed value and, on a problem,
 * appends one operator-facing line to `problems` instead of throwing (so every problem is listed
 * at once).
 */
import { ENVIRONMENTS, type Environment, isEnvironment } from "@jsm-odoo/function-runtime";
import { ODOO_PROTOCOL_SETTINGS, type OdooProtocolSetting } from "@jsm-odoo/odoo-client";

export type InfraEnv = Record<string, string | undefined>;

// https://cloud.google.com/storage/docs/buckets#naming (the dot-free form)
const BUCKET = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
// https://docs.github.com/en/repositories/creating-and-managing-repositories/about-repositories
const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
// Deliberately plain: an address Cloud Monitoring can send mail to, not RFC 5322 in full.
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** The trimmed value, or undefined when unset or blank. */
export function read(env: InfraEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

export function parseEnvironments(raw: string | undefined, problems: string[]): Environment[] {
  if (raw === undefined) return [...ENVIRONMENTS];
  const result: Environment[] = [];
  for (const item of raw.split(",").map((s) => s.trim().toLowerCase())) {
    if (item === "") continue;
    if (!isEnvironment(item)) {
      problems.push(
        `INFRA_ENVIRONMENTS: unknown environment "${item}" (known: ${ENVIRONMENTS.join(", ")}).`,
      );
    } else if (result.includes(item)) {
      problems.push(`INFRA_ENVIRONMENTS lists "${item}" twice.`);
    } else {
      result.push(item);
    }
  }
  if (result.length === 0 && !problems.some((p) => p.startsWith("INFRA_ENVIRONMENTS"))) {
    problems.push("INFRA_ENVIRONMENTS must name at least one environment.");
  }
  return result;
}

export function checkBucket(name: string, value: string, problems: string[]): void {
  if (!BUCKET.test(value) || value.startsWith("goog")) {
    problems.push(
      `${name} "${value}" is not a bucket name: 3-63 lowercase letters, digits, "-" or "_", not starting with "goog".`,
    );
  }
}

export function parseCount(
  env: InfraEnv,
  name: string,
  fallback: number,
  problems: string[],
  max = 100,
): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) {
    problems.push(`${name} "${raw}" must be a whole number from 1 to ${max}.`);
    return fallback;
  }
  return value;
}

/**
 * Checks the shape (a JSON object of output key -> "model:field") and passes the text through
 * unchanged: the lookup function parses it (and checks the fields against Odoo) at start-up.
 */
export function parseExtraFields(
  env: InfraEnv,
  name: string,
  problems: string[],
): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push(`${name} is not valid JSON.`);
    return undefined;
  }
  const valid =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === "string" && /^[a-z_.]+:[a-z0-9_.]+$/.test(v));
  if (!valid) {
    problems.push(
      `${name} must be a JSON object of output key to "model:field", e.g. {"Trackingnumber": "sale.order:x_tracking_no"}.`,
    );
    return undefined;
  }
  return JSON.stringify(parsed);
}

/** One of the client's protocols; left unset, the lookup function uses its default (`auto`). */
export function parseOdooProtocol(
  env: InfraEnv,
  name: string,
  problems: string[],
): OdooProtocolSetting | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  const protocol = ODOO_PROTOCOL_SETTINGS.find((p) => p === raw.toLowerCase());
  if (protocol === undefined) {
    problems.push(
      `${name} "${raw}" is not an Odoo protocol: ${ODOO_PROTOCOL_SETTINGS.join(", ")} (json2 needs Odoo 19+ and an API key).`,
    );
  }
  return protocol;
}

/** `owner/name` of the GitHub repository whose workflows may deploy. */
export function checkGithubRepository(value: string, problems: string[]): void {
  if (!GITHUB_REPOSITORY.test(value)) {
    problems.push(
      `INFRA_GITHUB_REPOSITORY "${value}" is not a GitHub repository: owner/name, e.g. acme/jsm-odoo.`,
    );
  }
}

/** One e-mail address for the alert notification channel, when configured. */
export function parseEmail(env: InfraEnv, name: string, problems: string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  if (!EMAIL.test(raw)) {
    problems.push(`${name} "${raw}" is not one e-mail address, e.g. ops@example.com.`);
    return undefined;
  }
  return raw;
}
