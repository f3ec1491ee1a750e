import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    globalSetup: ["test/support/tools-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
