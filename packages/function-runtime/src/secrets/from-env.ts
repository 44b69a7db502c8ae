import { RuntimeError } from "../errors.ts";
import { problemsMessage, readSettings, type Settings } from "../settings.ts";
import { envSecretSource } from "./env-source.ts";
import { secretManagerSource } from "./secret-manager-source.ts";
import type { SecretSource } from "./secret-source.ts";

export const SECRETS_SOURCES = ["env", "secret-manager"] as const;
export type SecretsSourceKind = (typeof SECRETS_SOURCES)[number];

/** The `.env` file local mode falls back to unless `SECRETS_ENV_FILE` names another one. */
export const DEFAULT_ENV_FILE = ".env";

/** Where a function reads its secrets: what `SECRETS_SOURCE` and the variables beside it say. */
export interface SecretsSettings {
  source: SecretsSourceKind;
  /** `GOOGLE_CLOUD_PROJECT`: the project whose Secret Manager holds the secrets. */
  project?: string;
  /** `SECRETS_ENV_FILE`, for `SECRETS_SOURCE=env`. */
  envFile: string;
}

/**
 * Reads `SECRETS_SOURCE` (no default on purpose: guessing wrong would either leak dev secrets
 * into production or make a local run call Google), `GOOGLE_CLOUD_PROJECT` (required with
 * `secret-manager`) and `SECRETS_ENV_FILE`, recording problems in `settings`: both functions'
 * configurations and `secretSourceFromEnv` read them by this one rule.
 */
export function readSecretsSettings(settings: Settings): SecretsSettings | undefined {
  const source = settings.oneOf("SECRETS_SOURCE", SECRETS_SOURCES);
  const project = settings.string(
    "GOOGLE_CLOUD_PROJECT",
    source === "secret-manager"
      ? { required: "SECRETS_SOURCE=secret-manager needs the project that holds the secrets" }
      : {},
  );
  const envFile = settings.string("SECRETS_ENV_FILE", { default: DEFAULT_ENV_FILE }) as string;
  if (source === undefined || (source === "secret-manager" && project === undefined)) return;
  return { source, ...(project === undefined ? {} : { project }), envFile };
}

/**
 * Picks the secret source a deployment asks for:
 * - `SECRETS_SOURCE=secret-manager` (Google Cloud): Secret Manager of `GOOGLE_CLOUD_PROJECT`;
 * - `SECRETS_SOURCE=env` (local): upper-cased variables, then `SECRETS_ENV_FILE` (default `.env`).
 * Throws CONFIG_INVALID listing every problem.
 */
export function secretSourceFromEnv(
  env: Record<string, string | undefined>,
  options: { clientOptions?: object } = {},
): SecretSource {
  const settings = readSettings(env);
  const secrets = readSecretsSettings(settings);
  if (secrets === undefined) {
    throw new RuntimeError(
      "CONFIG_INVALID",
      problemsMessage("secrets configuration is invalid", settings.problems()),
    );
  }
  if (secrets.source === "env") return envSecretSource(env, { envFile: secrets.envFile });
  return secretManagerSource({
    project: secrets.project as string,
    clientOptions: options.clientOptions,
  });
}
