import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "function-runtime",
    include: ["test/**/*.test.ts"],
  },
});
