import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "ops-cli",
    include: ["test/**/*.test.ts"],
  },
});
