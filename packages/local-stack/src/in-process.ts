/**
 * A function handler served in this process by the Functions Framework's own Express stack (its
 * body parsers, as in Google Cloud), through `@google-cloud/functions-framework/testing`.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { loopbackUrl } from "./ports.ts";

let registered = 0;

export interface ServedHandler {
  url: string;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1:`port` (0: a free one). */
export async function serveHandler(handler: unknown, port = 0): Promise<ServedHandler> {
  const name = `local-stack-${process.pid}-${registered++}`;
  functions.http(name, handler as functions.HttpFunction);
  const server: Server = getTestServer(name);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  let closed: Promise<void> | undefined;
  return {
    url: loopbackUrl((server.address() as AddressInfo).port),
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
