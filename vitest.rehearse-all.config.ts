// `npm run rehearse:all`: the full install rehearsal of the environments `npm test` rehearses only up to their
// bootstrap (staging and prod). Kept out of `npm test` by CI's time budget; engines build on first use.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/rehearse-all/**/*.test.ts"],
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
