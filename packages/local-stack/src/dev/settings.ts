/**
 * The settings of `pnpm dev`, checked before anything is built or started: a user error (a
 * missing EMULATOR_DATA file, a weak ACCESS_PASSWORD, a port in use) becomes one clear line and
 * exit 2, not a stack trace or a 503 from a function that refused to serve.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { readSettings } from "@jsm-odoo/function-runtime";
import {
  EmulatorError,
  type Fixture,
  ODOO_VERSIONS,
  type OdooVersion,
  validateFixture,
} from "@jsm-odoo/odoo-emulator";
// validateFixture adds the fixture's custom x_ fields to the schema it is given: a fresh one.
import { baseSchema } from "@jsm-odoo/odoo-emulator/schema";
import { generatePassword, passwordWeakness } from "@jsm-odoo/token-function";

/** Demo defaults: documented, local only, never used by a deployment. */
export const DEV_DEFAULTS = {
  EMULATOR_PORT: "8069",
  ISSUER_PORT: "8079",
  TOKEN_PORT: "8080",
  LOOKUP_PORT: "8081",
  LOOKUP_STAGE_PORT: "8082",
  ODOO_VERSION: "17",
} as const;

export type PortSetting =
  | "EMULATOR_PORT"
  | "ISSUER_PORT"
  | "TOKEN_PORT"
  | "LOOKUP_PORT"
  | "LOOKUP_STAGE_PORT";
export const PORT_SETTINGS: readonly PortSetting[] = [
  "EMULATOR_PORT",
  "ISSUER_PORT",
  "TOKEN_PORT",
  "LOOKUP_PORT",
  "LOOKUP_STAGE_PORT",
];

/** A setting the user can fix; the message names the setting and never contains a secret. */
export class DevSettingError extends Error {
  readonly code = "DEV_BAD_SETTING";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DevSettingError";
  }
}

export interface DevSettings {
  ports: Record<PortSetting, number>;
  odooVersion: OdooVersion;
  accessPassword: string;
  /** Generated for this run (no ACCESS_PASSWORD given): printed, since it opens nothing else. */
  passwordIsDemo: boolean;
  /** Undefined: the emulator's demo data. */
  fixture: Fixture | undefined;
}

type Env = Record<string, string | undefined>;

/** Reads, parses and validates EMULATOR_DATA with the emulator's own fixture rules. */
function loadFixture(path: string): Fixture {
  let text: string;
  try {
    text = readFileSync(resolve(path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (code ?? "error");
    throw new DevSettingError(`cannot read EMULATOR_DATA ${path}: ${reason}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DevSettingError(
      `EMULATOR_DATA ${path} is not valid JSON (${(error as Error).message})`,
      { cause: error },
    );
  }
  try {
    return validateFixture(parsed, baseSchema());
  } catch (error) {
    if (!(error instanceof EmulatorError)) throw error;
    throw new DevSettingError(
      `EMULATOR_DATA ${path} is not a valid fixture: ${error.problems.join("; ")}`,
      { cause: error },
    );
  }
}

/** Every setting read at once: all problems found are reported together, in one line. */
export function readDevSettings(env: Env): DevSettings {
  const settings = readSettings(env);
  const ports = {} as Record<PortSetting, number>;
  for (const name of PORT_SETTINGS) {
    ports[name] = settings.integer(name, { min: 0, max: 65535, what: "0 picks a free port" }) ?? 0;
  }
  const version = settings.oneOf("ODOO_VERSION", ODOO_VERSIONS.map(String));
  // No fixed demo password: one printed in the repository would be public, and the token
  // function refuses published values. Each run draws its own (as `pnpm ops password` does) and
  // prints it; a user's own ACCESS_PASSWORD must pass the token function's rule, which would
  // otherwise answer 503 to everything.
  const given = settings.raw("ACCESS_PASSWORD") ? env.ACCESS_PASSWORD : undefined;
  const accessPassword = given ?? generatePassword();
  const weakness = passwordWeakness(accessPassword);
  if (weakness) settings.problem(`ACCESS_PASSWORD is refused: ${weakness}`);
  const data = settings.raw("EMULATOR_DATA");
  let fixture: Fixture | undefined;
  try {
    fixture = data ? loadFixture(data) : undefined;
  } catch (error) {
    if (!(error instanceof DevSettingError)) throw error;
    settings.problem(error.message);
  }
  const problems = settings.problems();
  if (problems.length > 0) throw new DevSettingError(problems.join("; "));
  return {
    ports,
    odooVersion: Number(version) as OdooVersion,
    accessPassword,
    passwordIsDemo: given === undefined,
    fixture,
  };
}

/**
 * Fails when something already listens on one of the fixed ports: otherwise the demo would
 * talk to whatever holds it. It binds the unspecified address, as the Functions Framework
 * (`server.listen(port)`) does, so a holder on 127.0.0.1, 0.0.0.0 or :: is all caught.
 */
export async function assertPortsFree(ports: Record<PortSetting, number>): Promise<void> {
  for (const name of PORT_SETTINGS) {
    const value = ports[name];
    if (value === 0) continue;
    const server = createServer();
    const failure = await new Promise<string | undefined>((done) => {
      server.once("error", (error: NodeJS.ErrnoException) => done(error.code ?? "error"));
      server.listen(value, () => done(undefined));
    });
    if (failure === undefined) {
      await new Promise((done) => server.close(done));
      continue;
    }
    throw new DevSettingError(
      failure === "EADDRINUSE"
        ? `port ${value} (${name}) is in use; set ${name} to a free port or 0`
        : `cannot listen on port ${value} (${name}): ${failure}; set ${name} to a free port or 0`,
    );
  }
}
