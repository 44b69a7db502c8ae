/** The client bench refuses bad flags before starting anything: one line, exit 2, never NaN. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

it("refuses a zero round count and an unknown protocol in one line, exit 2", async () => {
  const bench = fileURLToPath(new URL("../bench/bench.ts", import.meta.url));
  const failure = await promisify(execFile)(process.execPath, [
    bench,
    "--rounds",
    "0",
    "--protocol",
    "soap",
  ]).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  expect(failure?.code).toBe(2);
  expect(failure?.stderr).toBe(
    'bench: invalid options: --rounds must be an integer from 1 to 1000000 (got "0"); --protocol must be one of xmlrpc, json2 (got "soap")\n',
  );
});
