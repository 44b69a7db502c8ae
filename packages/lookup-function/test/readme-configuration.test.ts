import { readFileSync } from "node:fs";
import { documentedSettings } from "@jsm-odoo/function-runtime/testing";
import { describe, expect, it } from "vitest";
import { LOOKUP_ENV } from "../src/deployment.ts";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("the README's configuration table", () => {
  it("documents every variable of deployment.ts, and no other", () => {
    const documented = documentedSettings(README, "## Configuration");
    expect(documented.toSorted()).toEqual(Object.values(LOOKUP_ENV).toSorted());
  });
});
