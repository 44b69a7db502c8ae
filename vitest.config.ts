import { defineConfig } from "vitest/config";

// One Vitest run for the whole workspace; each package is a project so that
// `pnpm test --project odoo-client` runs one package's tests.
export default defineConfig({
  test: {
    projects: ["packages/*", "infra"],
  },
});
