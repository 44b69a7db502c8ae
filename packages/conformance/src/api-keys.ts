/**
 * API keys come from outside the suite: Odoo creates them only through a form that asks for the
 * user's password again (`res.users.apikeys.description`, `@check_identity`), which RPC cannot
 * pass. The operator gives a command that prints a new key for a login, e.g.
 * `scripts/odoo-apikey.sh {login}` (Odoo's generator in `odoo shell`, as the GitHub workflow
 * runs it). `{login}` is replaced by the login; the key is the last line printed.
 */
import { spawn } from "node:child_process";
import { ConformanceError } from "./errors.ts";

/** Odoo's keys are 20 random bytes in hex (res_users.py, API_KEY_SIZE). */
const API_KEY = /^[0-9a-f]{40}$/;
const TIMEOUT_MS = 180_000;

export function apiKeyFor(commandTemplate: string, login: string): Promise<string> {
  if (!/^[\w.@+-]+$/.test(login)) {
    return Promise.reject(new ConformanceError("CONFORMANCE_API_KEY", `unsafe login ${login}`));
  }
  const command = commandTemplate.replaceAll("{login}", login);
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ConformanceError("CONFORMANCE_API_KEY", `${command}: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const key = stdout.trim().split("\n").at(-1)?.trim() ?? "";
      if (code === 0 && API_KEY.test(key)) return resolve(key);
      const why = stderr.trim().split("\n").at(-1) ?? "";
      reject(
        new ConformanceError(
          "CONFORMANCE_API_KEY",
          `the API key command for ${login} exited ${code} without printing a key${why ? `: ${why}` : ""}`,
        ),
      );
    });
  });
}
