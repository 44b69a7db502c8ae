import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "odoo-emulator",
    include: ["test/**/*.test.ts"],
  },
});
