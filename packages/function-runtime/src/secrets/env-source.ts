import { readFile } from "node:fs/promises";
import { parseEnv } from "node:util";
import { RuntimeError } from "../errors.ts";
import {
  assertSecretName,
  type SecretSource,
  secretReadAborted,
  trimSecretValue,
} from "./secret-source.ts";

export interface EnvSecretSourceOptions {
  /**
   * A `.env` file (the syntax of `process.loadEnvFile`, parsed by `util.parseEnv`) consulted when
   * the variable is not set. Read again on every miss so that editing it takes effect like a new
   * secret version would. A missing file counts as empty. Default: none.
   */
  envFile?: string;
}

/** `access_password` -> `ACCESS_PASSWORD`; `odoo-prod-server` -> `ODOO_PROD_SERVER`. */
export function secretVariableName(name: string): string {
  return name.toUpperCase().replaceAll("-", "_");
}

/**
 * Local secrets (dev, tests, demo): each secret from the upper-cased environment variable of its
 * name, else from the `.env` file. An empty value counts as not set.
 */
export function envSecretSource(
  env: Record<string, string | undefined>,
  options: EnvSecretSourceOptions = {},
): SecretSource {
  const { envFile } = options;
  return {
    async get(name, signal) {
      assertSecretName(name);
      if (signal?.aborted) throw secretReadAborted(name, signal);
      const variable = secretVariableName(name);
      const fromEnv = env[variable];
      if (fromEnv) return trimSecretValue(fromEnv);
      if (envFile !== undefined) {
        const fromFile = (await readEnvFile(envFile))[variable];
        if (fromFile) return trimSecretValue(fromFile);
      }
      const where = envFile === undefined ? "" : ` or in ${envFile}`;
      throw new RuntimeError(
        "SECRET_NOT_FOUND",
        `secret ${name}: set the environment variable ${variable}${where}`,
      );
    },
  };
}

async function readEnvFile(path: string): Promise<Record<string, string | undefined>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new RuntimeError("SECRET_UNAVAILABLE", `cannot read env file ${path}`, { cause: error });
  }
  return parseEnv(text) as Record<string, string | undefined>;
}
