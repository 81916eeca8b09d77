import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "examples/*/vitest.config.ts",
      "{test,bench}/vitest.config.ts",
      "test/reliability/vitest.config.ts",
    ],
    reporters: process.env.CI ? ["default"] : ["default"],
  },
});
