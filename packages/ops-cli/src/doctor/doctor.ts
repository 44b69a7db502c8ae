import type { Environment, SecretSource } from "@jsm-odoo/function-runtime";
import {
  createOdooClient,
  isOdooError,
  type OdooClient,
  type OdooClientOptions,
  type OdooProtocolSetting,
  type ProtocolChoice,
} from "@jsm-odoo/odoo-client";
import { createSerialLookup, parseExtraFields } from "@jsm-odoo/serial-lookup";
import { type Check, type Checklist, checklist, fail, pass, skip, warn } from "../checklist.ts";
import { checkApiKeyLifetime } from "./api-keys.ts";
import { LOOKUP_MODELS, ODOO_DEFAULT_GRANT, WRITE_OPERATIONS } from "./models.ts";
import { checkOdooProtocol, checkProtocolChoice, protocolHint } from "./protocol.ts";
import { readSecrets } from "./secrets.ts";

/** Odoo versions the client and the lookup support (odoo-client's version profiles). */
export const SUPPORTED_ODOO_MAJORS = [14, 15, 16, 17, 18, 19] as const;

/** Per secret read and per Odoo call attempt. */
export const DEFAULT_DOCTOR_TIMEOUT_MS = 10_000;

export interface DoctorOptions {
  environment: Environment;
  /** Where the functions read their secrets: Secret Manager in Google Cloud, env locally. */
  secrets: SecretSource;
  /** The lookup function's EXTRA_FIELDS value; undefined or empty when none are configured. */
  extraFields?: string | undefined;
  /** The lookup function's ODOO_PROTOCOL value (`auto`, `xmlrpc` or `json2`); unset: auto. */
  odooProtocol?: string | undefined;
  /** Default DEFAULT_DOCTOR_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Test seam; default createOdooClient. */
  createClient?: (options: OdooClientOptions) => OdooClient;
}

/**
 * Checks one environment the way its lookup function will use it: its secrets, Odoo's address,
 * version and credentials, that the integration user reads every model the lookup needs and can
 * change none of them, and that configured extra fields exist. Never prints a secret's value.
 */
export async function runDoctor(options: DoctorOptions): Promise<Checklist> {
  const { environment } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DOCTOR_TIMEOUT_MS;
  const title = `doctor ${environment}`;
  const checks: Check[] = [];

  const { checks: secretChecks, odoo } = await readSecrets(options.secrets, environment, timeoutMs);
  checks.push(...secretChecks);
  const { protocol, check: protocolCheck } = checkOdooProtocol(options.odooProtocol);
  checks.push(protocolCheck);
  if (!odoo) {
    checks.push(skip("Odoo checks", `they need the four odoo_${environment}_* secrets`));
    return checklist(title, checks);
  }
  if (!protocol) {
    checks.push(skip("Odoo checks", "they need a valid ODOO_PROTOCOL"));
    return checklist(title, checks);
  }

  const url = URL.parse(odoo.server);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    checks.push(fail("Odoo URL is valid", `odoo_${environment}_server must be an http(s) URL`));
    return checklist(title, checks);
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  checks.push(
    url.protocol === "https:"
      ? pass("Odoo is reached over HTTPS", url.host)
      : loopback
        ? pass("Odoo is on this machine (plain http allowed on loopback only)", url.host)
        : fail(
            "Odoo is reached over HTTPS",
            `${url.host} is plain http: the API key would travel in clear`,
          ),
  );

  let chosen: ProtocolChoice | undefined;
  const client = (options.createClient ?? createOdooClient)({
    url: url.href,
    db: odoo.db,
    username: odoo.user,
    password: odoo.pass,
    protocol,
    timeoutMs,
    retry: { maxAttempts: 2 },
    onProtocolChosen: (choice) => {
      chosen = choice;
    },
  });
  try {
    const checked = { ...odoo, protocol, chosen: () => chosen };
    checks.push(...(await checkOdoo(client, checked, options.extraFields)));
  } finally {
    client.close();
  }
  return checklist(title, checks);
}

async function checkOdoo(
  client: OdooClient,
  odoo: {
    db: string;
    user: string;
    protocol: OdooProtocolSetting;
    chosen: () => ProtocolChoice | undefined;
  },
  extraFieldsJson: string | undefined,
): Promise<Check[]> {
  const checks: Check[] = [];
  let major = 0;
  try {
    const version = await client.version();
    major = version.major;
    checks.push(pass("Odoo answers", `Odoo ${version.version}`));
    const supported = (SUPPORTED_ODOO_MAJORS as readonly number[]).includes(version.major);
    checks.push(
      supported
        ? pass("Odoo version is supported", `${version.major} (supported: 14 to 19)`)
        : fail("Odoo version is supported", `${version.major} is not one of 14 to 19`),
    );
    if (!supported) return checks;
  } catch (error) {
    checks.push(
      fail("Odoo answers", `${describe(error)}${protocolHint(odoo.protocol, "unreachable")}`),
    );
    return [...checks, skip("login and access rights", "Odoo did not answer")];
  }

  try {
    const uid = await client.authenticate();
    checks.push(
      uid > 0
        ? pass(`login ${odoo.user} on database ${odoo.db} works`, `uid ${uid}`)
        : // JSON-2 knows the user by the key alone; uid 0 means no visible user has this login.
          fail(
            `login ${odoo.user} on database ${odoo.db} works`,
            `the API key works, but no user with login ${odoo.user} is visible to it: is odoo_<env>_user the key owner's login?`,
          ),
    );
    const choice = odoo.chosen();
    if (choice) checks.push(checkProtocolChoice(choice, major));
    if (uid > 0) checks.push(await checkApiKeyLifetime(client, uid, major));
  } catch (error) {
    const hint =
      isOdooError(error) && error.code === "ODOO_AUTH_REJECTED"
        ? `wrong login, password/API key or database (Odoo refuses logins for ~60 s after ~10 failures)${protocolHint(odoo.protocol, "login", major)}`
        : describe(error);
    checks.push(fail(`login ${odoo.user} on database ${odoo.db} works`, hint));
    return [...checks, skip("access rights", "the login failed")];
  }

  checks.push(...checkRights(await Promise.all(LOOKUP_MODELS.map((m) => rightsOn(client, m)))));
  checks.push(...(await checkExtraFields(client, extraFieldsJson)));
  return checks;
}

type ModelRights =
  | { model: string; read: boolean; granted: string[] }
  | { model: string; error: unknown };

async function rightsOn(client: OdooClient, model: string): Promise<ModelRights> {
  try {
    const [read, ...writes] = await Promise.all([
      client.canAccess(model, "read"),
      ...WRITE_OPERATIONS.map((operation) => client.canAccess(model, operation)),
    ]);
    return { model, read, granted: WRITE_OPERATIONS.filter((_, index) => writes[index]) };
  } catch (error) {
    return { model, error };
  }
}

/**
 * Read must be granted; write, create and unlink must all be refused (least privilege), except
 * Odoo's own grant to every internal user on stock.move.line, which is a warning that names the
 * rule. It counts as that grant only when no other model is writable: a user who may change
 * other models has a broader group, which is what grants it (Inventory/User does), so it fails.
 */
function checkRights(all: readonly ModelRights[]): Check[] {
  const broader = all.some(
    (rights) =>
      "granted" in rights && rights.model !== ODOO_DEFAULT_GRANT.model && rights.granted.length > 0,
  );
  return all.flatMap((rights): Check[] => {
    const { model } = rights;
    if ("error" in rights) return [fail(`access rights on ${model}`, describe(rights.error))];
    const read = rights.read
      ? pass(`can read ${model}`)
      : fail(`can read ${model}`, "read access is not granted");
    const name = `cannot change ${model}`;
    const granted = rights.granted;
    const odooDefault =
      model === ODOO_DEFAULT_GRANT.model &&
      !broader &&
      granted.every((op) => (ODOO_DEFAULT_GRANT.operations as readonly string[]).includes(op));
    if (granted.length === 0) return [read, pass(name, "write, create and unlink are refused")];
    if (odooDefault) {
      return [
        read,
        warn(
          name,
          `the user may ${granted.join(", ")}: Odoo's own rule ${ODOO_DEFAULT_GRANT.rule} grants it to every internal user (${ODOO_DEFAULT_GRANT.group}) and no group setup removes it; the integration stays read-only because its client refuses every write method (docs/odoo-integration-user.md)`,
        ),
      ];
    }
    return [
      read,
      fail(
        name,
        `the user may ${granted.join(", ")}: give it a read-only group (docs/odoo-integration-user.md)`,
      ),
    ];
  });
}

async function checkExtraFields(client: OdooClient, json: string | undefined): Promise<Check[]> {
  if (json === undefined || json.trim() === "") {
    return [skip("configured extra fields exist", "EXTRA_FIELDS is not set")];
  }
  let fields: ReturnType<typeof parseExtraFields>;
  try {
    fields = parseExtraFields(json);
  } catch (error) {
    return [fail("EXTRA_FIELDS is valid", (error as Error).message)];
  }
  const lookup = createSerialLookup(client, { extraFields: fields });
  try {
    await lookup.init();
  } catch (error) {
    return [fail("configured extra fields exist", describe(error))];
  }
  const warnings = lookup.warnings();
  return fields.map(({ key, model, field }) => {
    const name = `extra field ${key} (${model} ${field}) exists`;
    const missing = warnings.find((warning) => warning.startsWith(`Extra field "${key}"`));
    return missing ? fail(name, missing) : pass(name);
  });
}

/** Error codes and messages of our packages are safe to show; anything else stays generic. */
function describe(error: unknown): string {
  if (isOdooError(error)) return `${error.code}: ${error.message}`;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && error instanceof Error) return `${code}: ${error.message}`;
  return "unexpected failure";
}
