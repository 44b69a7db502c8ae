/**
 * Reading a stack's Terraform state object through the Cloud Storage JSON API, without the GCS
 * backend (which would create and lock an empty state where there is none). Node built-ins only.
 *
 * The access token is STATE_ACCESS_TOKEN when set (CI: the auth step's output); otherwise, on a
 * workstation, `gcloud auth print-access-token` of whoever runs the command. STORAGE_EMULATOR_HOST
 * points the requests elsewhere (tests), as Google's client libraries do.
 */
import { spawnSync } from "node:child_process";
import { CliFailure } from "./runner.ts";

type Env = Record<string, string | undefined>;

export interface TokenOptions {
  /** `env-only`: never fall back to gcloud (CI, where gcloud is not authenticated). */
  readonly token?: "env-only" | "env-or-gcloud";
}

/** Whether the object exists (metadata only, never its content). */
export async function stateExists(
  bucket: string,
  object: string,
  env: Env,
  options: TokenOptions = {},
): Promise<boolean> {
  const response = await request(bucket, object, "?fields=name", env, options);
  await response.body?.cancel();
  return response.status === 200;
}

/**
 * How many managed resources the state holds: 0 when the object does not exist or the stack was
 * destroyed (Terraform keeps an empty state object after a destroy).
 */
export async function managedResourceCount(
  bucket: string,
  object: string,
  env: Env,
  options: TokenOptions = {},
): Promise<number> {
  const response = await request(bucket, object, "?alt=media", env, options);
  if (response.status === 404) {
    await response.body?.cancel();
    return 0;
  }
  const state = (await response.json()) as { resources?: { mode?: string }[] };
  return (state.resources ?? []).filter((resource) => resource.mode === "managed").length;
}

async function request(
  bucket: string,
  object: string,
  query: string,
  env: Env,
  options: TokenOptions,
): Promise<Response> {
  const token = accessToken(env, options);
  const base = env.STORAGE_EMULATOR_HOST || "https://storage.googleapis.com";
  const url = `${base}/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(object)}${query}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new CliFailure(`cannot read gs://${bucket}/${object}: ${(error as Error).message}`);
  }
  if (response.status === 200 || response.status === 404) return response;
  await response.body?.cancel();
  throw new CliFailure(
    `cannot read gs://${bucket}/${object}: HTTP ${response.status} (reading state needs storage.objects.get on the state bucket).`,
  );
}

function accessToken(env: Env, options: TokenOptions): string {
  if (env.STATE_ACCESS_TOKEN) return env.STATE_ACCESS_TOKEN;
  if (options.token === "env-only") {
    throw new CliFailure("reading the state needs STATE_ACCESS_TOKEN (an OAuth access token).");
  }
  const gcloud = env.INFRA_GCLOUD_BIN || "gcloud";
  const child = spawnSync(gcloud, ["auth", "print-access-token"], { encoding: "utf8" });
  const token = child.stdout?.trim();
  if (child.error || child.status !== 0 || !token) {
    throw new CliFailure(
      `cannot get an access token to read the state: \`${gcloud} auth print-access-token\` failed (${child.error?.message ?? child.stderr?.trim() ?? "no output"}). Log in with \`gcloud auth login\` or set STATE_ACCESS_TOKEN.`,
    );
  }
  return token;
}
