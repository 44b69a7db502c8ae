import { type IncomingHttpHeaders, request } from "node:http";

export interface UnfinishedBodyAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * POSTs the head and `first` bytes of a body (none by default), then waits for the answer
 * WITHOUT finishing the body: only a server that refuses before reading the whole body answers
 * at all (a declared 32 MiB body, a chunked stream past the limit). Rejects after `timeoutMs`.
 */
export function sendWithoutFinishing(
  url: string,
  headers: Record<string, string | number>,
  first?: Buffer | string,
  timeoutMs = 3_000,
): Promise<UnfinishedBodyAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error("no answer before the body was finished"));
    }, timeoutMs);
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    // The server closing the connection while the body is still being sent is expected.
    req.on("error", () => {});
    req.flushHeaders();
    if (first !== undefined && first.length > 0) req.write(first);
  });
}
