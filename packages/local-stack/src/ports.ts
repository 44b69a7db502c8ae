import { createServer } from "node:net";

/** A free loopback port, for a server that must know its port before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no free port");
  return address.port;
}

export const loopbackUrl = (port: number) => `http://127.0.0.1:${port}/`;
