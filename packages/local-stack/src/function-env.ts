/**
 * The environment each function gets, built from the functions' own name tables
 * (`deployment.ts`: the names infra deploys with), so the stack cannot drift from a deployment.
 * Secrets are read from upper-cased variables (`SECRETS_SOURCE=env`), as function-runtime's env
 * source names them.
 */
import { type Environment, secretVariableName } from "@jsm-odoo/function-runtime";
import { LOOKUP_ENV, odooSecretNames } from "@jsm-odoo/lookup-function/deployment";
import {
  ACCESS_PASSWORD_SECRET,
  lookupUrlVariable,
  TOKEN_ENV,
  triggerAccountVariable,
} from "@jsm-odoo/token-function/deployment";

export type FunctionEnv = Record<string, string | undefined>;

/** Where one environment's lookup reads Odoo: a server, a database and a login. */
export interface OdooLogin {
  server: string;
  db: string;
  user: string;
  /** Password or API key. */
  pass: string;
}

/** The identities a local deployment gives each environment. */
export interface EnvironmentIdentity {
  /** The lookup's expected audience: its own URL, as in a deployment. */
  audience: string;
  triggerAccount: string;
}

/** What every function reads locally: secrets from variables, never a `.env` file lying around. */
const LOCAL_SECRETS: FunctionEnv = {
  [TOKEN_ENV.secretsSource]: "env",
  SECRETS_ENV_FILE: "/nonexistent/.env",
};

export interface TokenEnvInput {
  accessPassword: string;
  issuerUrl: string;
  project: string;
  identities: Partial<Record<Environment, EnvironmentIdentity>>;
}

export function tokenFunctionEnv(input: TokenEnvInput): FunctionEnv {
  const served = Object.keys(input.identities) as Environment[];
  const env: FunctionEnv = {
    ...LOCAL_SECRETS,
    [secretVariableName(ACCESS_PASSWORD_SECRET)]: input.accessPassword,
    [TOKEN_ENV.environments]: served.join(","),
    [TOKEN_ENV.maxInstances]: "1",
    [TOKEN_ENV.tokenMinter]: "local",
    [TOKEN_ENV.iamCredentialsEndpoint]: input.issuerUrl,
    [TOKEN_ENV.project]: input.project,
  };
  for (const environment of served) {
    const identity = input.identities[environment] as EnvironmentIdentity;
    env[lookupUrlVariable(environment)] = identity.audience;
    env[triggerAccountVariable(environment)] = identity.triggerAccount;
  }
  return env;
}

export interface LookupEnvInput {
  environment: Environment;
  identity: EnvironmentIdentity;
  issuer: { jwksUrl: string; issuer: string };
  project: string;
  /** Undefined: the secrets come from Secret Manager, not from the environment. */
  odoo: OdooLogin | undefined;
}

export function lookupFunctionEnv(input: LookupEnvInput): FunctionEnv {
  const env: FunctionEnv = {
    ...LOCAL_SECRETS,
    [LOOKUP_ENV.environment]: input.environment,
    [LOOKUP_ENV.project]: input.project,
    [LOOKUP_ENV.expectedAudience]: input.identity.audience,
    [LOOKUP_ENV.triggerAccount]: input.identity.triggerAccount,
    [LOOKUP_ENV.tokenVerification]: "jwks",
    [LOOKUP_ENV.jwksUrl]: input.issuer.jwksUrl,
    [LOOKUP_ENV.tokenIssuer]: input.issuer.issuer,
  };
  if (input.odoo) Object.assign(env, odooSecretEnv(input.environment, input.odoo));
  else env[LOOKUP_ENV.secretsSource] = "secret-manager";
  return env;
}

/** `ODOO_PROD_SERVER` and friends: the Odoo secrets as the env secret source reads them. */
export function odooSecretEnv(environment: Environment, odoo: OdooLogin): FunctionEnv {
  const names = odooSecretNames(environment);
  return Object.fromEntries(
    (Object.keys(names) as (keyof OdooLogin)[]).map((key) => [
      secretVariableName(names[key]),
      odoo[key],
    ]),
  );
}

/** The Odoo password (or API key) an env hands a lookup, for the "never in a log" checks. */
export function odooPassIn(environment: Environment, env: FunctionEnv): string | undefined {
  return env[secretVariableName(odooSecretNames(environment).pass)];
}
