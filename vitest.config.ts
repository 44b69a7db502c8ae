import { defineConfig } from "vitest/config";

// One Vitest run for the whole workspace; each package is a project so that
// `pnpm test --project odoo-client` runs one package's tests. The `repository` project holds
// the checks that span packages (test/ at the root).
export default defineConfig({
  test: {
    projects: [
      "packages/*",
      "infra",
      { test: { name: "repository", include: ["test/**/*.test.ts"] } },
    ],
  },
});
