import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "local-issuer",
    include: ["test/**/*.test.ts"],
  },
});
