/**
 * A TCP gate in front of a stand-in (Odoo, the token issuer), switched between three states:
 * `open` passes bytes through; `refuse` closes the listening socket so that new connections get
 * a real ECONNREFUSED (what a stopped service or a closed firewall port gives), and drops
 * connections already open (a kept-alive client must not slip through); `unavailable` answers
 * every request with `503` and a Google-style JSON error (what Google APIs answer during an
 * outage: https://cloud.google.com/apis/design/errors#http_mapping).
 *
 * The emulator's own "refuse-connection" fault resets a connection after reading the request;
 * the gate adds the other half: nobody listening at all.
 */
import { createServer, type Server, type Socket } from "node:net";

export type GateState = "open" | "refuse" | "unavailable";

export interface Gate {
  /** `http://127.0.0.1:<port>`: use it in place of the stand-in's URL. */
  url: string;
  set(state: GateState): Promise<void>;
  state(): GateState;
  /**
   * Connections answered 503 while `unavailable` (the fault was hit). While refusing nobody
   * listens, so nothing can count: the same request succeeding once open is the evidence.
   */
  blocked(): number;
  close(): Promise<void>;
}

const UNAVAILABLE_BODY = JSON.stringify({
  error: { code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE" },
});
const UNAVAILABLE_RESPONSE = [
  "HTTP/1.1 503 Service Unavailable",
  "content-type: application/json; charset=UTF-8",
  `content-length: ${Buffer.byteLength(UNAVAILABLE_BODY)}`,
  "connection: close",
  "",
  UNAVAILABLE_BODY,
].join("\r\n");

/** Re-binding the gate's own port: up to 40 tries 50 ms apart (2 s). */
const RELISTEN_ATTEMPTS = 40;
const RELISTEN_PAUSE_MS = 50;

/** Opens a gate to `target` (`http://host:port`) on a free loopback port. */
export async function startGate(target: string): Promise<Gate> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let state: GateState = "open";
  let blocked = 0;

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (state === "unavailable") {
      blocked += 1;
      // Answer once the request has arrived, as a real server would.
      client.once("data", () => client.end(UNAVAILABLE_RESPONSE));
      return;
    }
    const upstream = new (client.constructor as typeof Socket)();
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    upstream.connect(Number(targetPort), hostname, () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  /**
   * The same port again after refusing. The kernel may not hand it back at once (a closing
   * socket, another test's ephemeral connection briefly holding it): retry EADDRINUSE for a
   * moment rather than fail the whole run.
   */
  const relisten = async (port: number) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await listen(port);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EADDRINUSE" || attempt >= RELISTEN_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, RELISTEN_PAUSE_MS));
      }
    }
  };

  await listen(0);
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    state: () => state,
    blocked: () => blocked,
    async set(next) {
      if (next === state) return;
      const wasRefusing = state === "refuse";
      state = next;
      // Connections opened before the switch would keep the old behaviour (keep-alive).
      if (next === "refuse") return stopListening();
      for (const socket of sockets) socket.destroy();
      // The same port again, so that clients configured with `url` find it.
      if (wasRefusing) await relisten(port);
    },
    close: stopListening,
  };
}
