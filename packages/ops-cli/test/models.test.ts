import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOOKUP_MODELS } from "../src/doctor/models.ts";
import { READ_ONLY_DOC } from "./support/docs.ts";
import { REPO_ROOT, readRepoFile } from "./support/repo.ts";

/** Every quoted Odoo model name in serial-lookup's queries (its model list itself left out). */
function modelsSerialLookupNames(): Set<string> {
  const dir = join(REPO_ROOT, "packages/serial-lookup/src");
  const found = new Set<string>();
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".ts") && f !== "models.ts",
  );
  for (const file of files) {
    const source = readRepoFile(`packages/serial-lookup/src/${file}`);
    for (const match of source.matchAll(/"((?:stock|sale|res|product|mrp|account)\.[a-z_.]+)"/g)) {
      if (match[1]) found.add(match[1]);
    }
  }
  return found;
}

describe("the models doctor checks", () => {
  it("are exactly the models the serial lookup reads (searched, read by id or nested)", () => {
    const queried = modelsSerialLookupNames();
    expect([...LOOKUP_MODELS].filter((model) => !queried.has(model))).toEqual([]);
    expect(
      [...queried].filter((model) => !(LOOKUP_MODELS as readonly string[]).includes(model)),
    ).toEqual([]);
  });

  it("are all listed for the Odoo administrator in docs/odoo-integration-user.md", () => {
    for (const model of LOOKUP_MODELS) expect(READ_ONLY_DOC()).toContain(`| \`${model}\``);
    expect(READ_ONLY_DOC()).toContain("`stock.production.lot`");
  });
});
