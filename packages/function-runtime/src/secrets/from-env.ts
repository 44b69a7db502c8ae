import { RuntimeError } from "../errors.ts";
import { envSecretSource } from "./env-source.ts";
import { secretManagerSource } from "./secret-manager-source.ts";
import type { SecretSource } from "./secret-source.ts";

export const SECRETS_SOURCES = ["env", "secret-manager"] as const;
export type SecretsSourceKind = (typeof SECRETS_SOURCES)[number];

/** The `.env` file local mode falls back to unless `SECRETS_ENV_FILE` names another one. */
export const DEFAULT_ENV_FILE = ".env";

/**
 * Picks the secret source a deployment asks for:
 * - `SECRETS_SOURCE=secret-manager` (Google Cloud): Secret Manager of `GOOGLE_CLOUD_PROJECT`;
 * - `SECRETS_SOURCE=env` (local): upper-cased variables, then `SECRETS_ENV_FILE` (default `.env`).
 * There is no default: guessing wrong would either leak dev secrets into production or make a
 * local run call Google. Throws CONFIG_INVALID with one message per problem.
 */
export function secretSourceFromEnv(
  env: Record<string, string | undefined>,
  options: { clientOptions?: object } = {},
): SecretSource {
  const kind = env.SECRETS_SOURCE?.trim();
  const project = env.GOOGLE_CLOUD_PROJECT?.trim();
  if (kind === "env") {
    return envSecretSource(env, { envFile: env.SECRETS_ENV_FILE?.trim() || DEFAULT_ENV_FILE });
  }
  if (kind === "secret-manager") {
    if (!project) {
      throw new RuntimeError(
        "CONFIG_INVALID",
        "GOOGLE_CLOUD_PROJECT is not set: SECRETS_SOURCE=secret-manager needs the project that holds the secrets",
      );
    }
    return secretManagerSource({ project, clientOptions: options.clientOptions });
  }
  const got = kind ? ` (got ${JSON.stringify(kind.slice(0, 40))})` : " (it is not set)";
  throw new RuntimeError(
    "CONFIG_INVALID",
    `SECRETS_SOURCE must be "env" (local) or "secret-manager" (Google Cloud)${got}`,
  );
}
