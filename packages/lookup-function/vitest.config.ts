import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "lookup-function",
    include: ["test/**/*.test.ts"],
  },
});
