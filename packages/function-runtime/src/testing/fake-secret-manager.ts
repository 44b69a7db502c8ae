import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThroughClient } from "google-auth-library";

/**
 * A local HTTP server answering Secret Manager's REST `versions/latest:access` the way Google
 * does, so the real client library is exercised (there is no official emulator).
 */
export interface FakeSecretManager {
  /** Options for `new SecretManagerServiceClient(...)` pointing at this server. */
  clientOptions: object;
  /** Sets the latest version of a secret. */
  setSecret(project: string, name: string, value: string): void;
  /** Removes a secret (reads answer 404 NOT_FOUND, as for a secret without versions). */
  deleteSecret(project: string, name: string): void;
  /** The secret's latest version is disabled: reads answer 400 FAILED_PRECONDITION. */
  disableSecret(project: string, name: string): void;
  /** Reads of this one secret answer this HTTP status (e.g. 403) until cleared with undefined. */
  failSecret(project: string, name: string, status: number | undefined): void;
  /** Next answers use this HTTP status (e.g. 500) until cleared with undefined. */
  failWith(status: number | undefined): void;
  /** `METHOD path` (no query) of every request so far. */
  requests: string[];
  close(): Promise<void>;
}

// Google's JSON error bodies carry the canonical status name next to the HTTP code.
const STATUS_NAMES: Record<number, string> = {
  400: "FAILED_PRECONDITION",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

export async function startFakeSecretManager(): Promise<FakeSecretManager> {
  const secrets = new Map<string, string>();
  const disabled = new Set<string>();
  const failing = new Map<string, number>();
  const requests: string[] = [];
  let failure: number | undefined;
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url?.split("?")[0]}`);
    const match = /^\/v1\/(projects\/[^/]+\/secrets\/[^/]+)\/versions\/latest:access(\?|$)/.exec(
      req.url ?? "",
    );
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const injected = failure ?? (match?.[1] ? failing.get(match[1]) : undefined);
    if (injected !== undefined) {
      const status = STATUS_NAMES[injected] ?? "INTERNAL";
      return reply(injected, { error: { code: injected, message: "injected", status } });
    }
    if (match?.[1] && disabled.has(match[1])) {
      const message = `Secret Version [${match[1]}/versions/1] is in DISABLED state.`;
      return reply(400, { error: { code: 400, message, status: "FAILED_PRECONDITION" } });
    }
    const value = match?.[1] ? secrets.get(match[1]) : undefined;
    if (req.method !== "GET" || value === undefined) {
      return reply(404, { error: { code: 404, message: "not found", status: "NOT_FOUND" } });
    }
    reply(200, {
      name: `${match?.[1]}/versions/1`,
      payload: { data: Buffer.from(value).toString("base64") },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    clientOptions: {
      fallback: true,
      apiEndpoint: "127.0.0.1",
      port,
      protocol: "http",
      authClient: new PassThroughClient(),
    },
    setSecret: (project, name, value) => {
      disabled.delete(`projects/${project}/secrets/${name}`);
      secrets.set(`projects/${project}/secrets/${name}`, value);
    },
    deleteSecret: (project, name) => {
      secrets.delete(`projects/${project}/secrets/${name}`);
    },
    disableSecret: (project, name) => {
      disabled.add(`projects/${project}/secrets/${name}`);
    },
    failSecret: (project, name, status) => {
      if (status === undefined) failing.delete(`projects/${project}/secrets/${name}`);
      else failing.set(`projects/${project}/secrets/${name}`, status);
    },
    failWith: (status) => {
      failure = status;
    },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
