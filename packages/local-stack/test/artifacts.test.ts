/** The stack in child processes cleans up after itself: no build folder outlives close(). */
import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { startLocalStack } from "../src/testing.ts";

it("removes the artifacts' temporary folder on close, not only at process exit", async () => {
  const functions = await startLocalStack({ run: "processes", lookups: [] });
  let dir: string;
  try {
    dir = functions.artifacts.dir;
    expect(existsSync(dir), "the artifacts are built into it").toBe(true);
  } finally {
    await functions.close();
  }
  // A vitest worker never emits "exit": only close() can remove it.
  expect(existsSync(dir)).toBe(false);
}, 60_000);
