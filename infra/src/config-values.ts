/**
 * The rules of the infrastructure's settings, read with function-runtime's `readSettings` (one
 * message style with the functions' own configurations). Where a setting reaches a function, its
 * rule is that function's: `EXTRA_FIELDS` by serial-lookup's parser, `ODOO_MAX_CONCURRENT_REQUESTS`
 * and `ODOO_PROTOCOL` by the lookup function's.
 */
import type { IntegerRule, PatternRule, Settings } from "@jsm-odoo/function-runtime";
import { parseExtraFields } from "@jsm-odoo/serial-lookup";

export type InfraEnv = Record<string, string | undefined>;

// https://cloud.google.com/resource-manager/docs/creating-managing-projects (6-30 chars)
export const PROJECT_ID_RULE: PatternRule = {
  pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  what: "a project id: 6-30 lowercase letters, digits or hyphens, starting with a letter",
};

export const REGION_RULE: PatternRule = {
  pattern: /^[a-z]+-[a-z]+[0-9]+$/,
  what: "a region name like europe-west1",
};

// https://cloud.google.com/storage/docs/buckets#naming (the dot-free form)
export const BUCKET_RULE: PatternRule = {
  pattern: /^(?!goog)[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/,
  what: 'a bucket name: 3-63 lowercase letters, digits, "-" or "_", not starting with "goog"',
};

export const STATE_PREFIX_RULE: PatternRule = {
  pattern: /^[a-z0-9][a-z0-9/_-]{0,62}$/,
  what: '1-63 lowercase letters, digits, "-", "_" or "/"',
};

// Service-account ids are 6-30 chars: a 2-12 char prefix keeps `<prefix>lookup-stage` inside.
export const NAME_PREFIX_RULE: PatternRule = {
  pattern: /^[a-z][a-z0-9-]{0,10}-$/,
  what: '2-12 lowercase letters, digits or hyphens, starting with a letter and ending with "-" (service-account ids are at most 30 characters)',
};

// https://docs.github.com/en/repositories/creating-and-managing-repositories/about-repositories
export const GITHUB_REPOSITORY_RULE: PatternRule = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/,
  what: "a GitHub repository: owner/name, e.g. acme/jsm-odoo",
};

// Deliberately plain: an address Cloud Monitoring can send mail to, not RFC 5322 in full.
export const ALERT_EMAIL_RULE: PatternRule = {
  pattern: /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/,
  what: "one e-mail address, e.g. ops@example.com",
};

export const LOOKUP_MAX_INSTANCES_RULE = {
  min: 1,
  max: 100,
  default: 5,
  what: "max instances of each lookup function",
} as const satisfies IntegerRule;

/**
 * Checks the mapping with the parser the lookup function uses (serial-lookup's
 * `parseExtraFields`) and passes the JSON text through: the function parses it again, and checks
 * the fields against Odoo, at start-up.
 */
export function readExtraFields(settings: Settings, name: string): string | undefined {
  return settings.parsed(name, (value) => {
    parseExtraFields(value);
    return JSON.stringify(JSON.parse(value));
  });
}
