import { describe, expect, it } from "vitest";
import { artifactRows } from "../src/artifacts.ts";

describe("the deploy artifacts' evidence rows", () => {
  it("reports both lockfiles as pinning the tested tree", async () => {
    const rows = await artifactRows();
    expect(rows.map((row) => [row.area, row.pass])).toEqual([
      ["deploy artifacts", true],
      ["deploy artifacts", true],
    ]);
    expect(rows[0]?.observed).toMatch(/^\d{3} packages, lockfileVersion 3, 0 problems$/);
  }, 60_000);
});
