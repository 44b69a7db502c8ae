import { readFileSync } from "node:fs";
import { ENVIRONMENTS, secretVariableName } from "@jsm-odoo/function-runtime";
import { documentedSettings } from "@jsm-odoo/function-runtime/testing";
import { describe, expect, it } from "vitest";
import {
  ACCESS_PASSWORD_SECRET,
  accessPasswordSecret,
  lookupUrlVariable,
  TOKEN_ENV,
  triggerAccountVariable,
} from "../src/deployment.ts";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("the README's configuration table", () => {
  it("documents every variable of deployment.ts, and no other", () => {
    const known = new Set([
      ...Object.values(TOKEN_ENV),
      secretVariableName(ACCESS_PASSWORD_SECRET),
      ...ENVIRONMENTS.flatMap((environment) => [
        lookupUrlVariable(environment),
        triggerAccountVariable(environment),
        secretVariableName(accessPasswordSecret(environment)),
      ]),
    ]);
    const documented = documentedSettings(README, "## Configuration");
    expect(documented.toSorted()).toEqual([...known].toSorted());
  });
});
