import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "token-function",
    include: ["test/**/*.test.ts"],
  },
});
