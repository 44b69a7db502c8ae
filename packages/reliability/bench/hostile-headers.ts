/**
 * What one hostile header costs a function: requests whose `Content-Type` is 15 KB of `a.a.a...`
 * (with `Content-Encoding: gzip`, refused before the body is read, and logged), against the same
 * requests with a plain `application/json`. Both deploy artifacts run under the real Functions
 * Framework binary (`startLocalFunctions`); the figure that holds on a shared machine is the
 * child's CPU time per request (/proc/<pid>/stat).
 *
 *   ./pnpmw exec node packages/reliability/bench/hostile-headers.ts [requests]
 */
import { request } from "node:http";
import type { FunctionProcess } from "@jsm-odoo/local-stack/testing";
import { cpuMs } from "../src/load/cpu.ts";
import { startLocalFunctions } from "../src/processes.ts";

const REQUESTS = Number(process.argv[2] ?? 200);
const HOSTILE = "a.".repeat(7_500);

function send(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end("{}");
  });
}

async function measure(fn: FunctionProcess, contentType: string) {
  const headers = {
    "content-type": contentType,
    "content-encoding": "gzip",
    "content-length": "2",
  };
  await send(fn.url, headers); // warm-up
  const cpuBefore = cpuMs(fn.pid) ?? 0;
  const started = performance.now();
  const statuses = new Map<number, number>();
  for (let i = 0; i < REQUESTS; i += 1) {
    const status = await send(fn.url, headers);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  const wall = performance.now() - started;
  const cpu = (cpuMs(fn.pid) ?? 0) - cpuBefore;
  return {
    statuses: Object.fromEntries(statuses),
    wallMsPerRequest: Number((wall / REQUESTS).toFixed(2)),
    cpuMsPerRequest: Number((cpu / REQUESTS).toFixed(2)),
  };
}

const functions = await startLocalFunctions();
try {
  const rows = [];
  for (const fn of [functions.token, functions.lookup("prod")]) {
    rows.push({
      function: fn.kind,
      requests: REQUESTS,
      plain: await measure(fn, "application/json"),
      hostile15KB: await measure(fn, HOSTILE),
    });
  }
  console.log(JSON.stringify(rows, null, 2));
} finally {
  await functions.close();
}
