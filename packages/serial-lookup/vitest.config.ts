import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "serial-lookup",
    include: ["test/**/*.test.ts"],
  },
});
