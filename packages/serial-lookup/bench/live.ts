/**
 * `pnpm -s bench --url U --db D --user L --password P --serial S [--serial S ...]`: every plan
 * and protocol the server supports against the earlier sequential pattern, on a live Odoo.
 */
import type { LiveBenchOptions } from "./args.ts";
import { compareOnServer } from "./compare.ts";

export async function runLiveBench(options: LiveBenchOptions): Promise<Record<string, unknown>> {
  const { url, db, user, serials, iterations } = options;
  const flags = serials.map((serial) => `--serial ${serial}`).join(" ");
  return {
    command: `pnpm -s bench --url ${url} --db ${db} --user ${user} --password *** ${flags} --iterations ${iterations}`,
    serials: serials.length,
    ...(await compareOnServer(options, serials, iterations)),
  };
}
