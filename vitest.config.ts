import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./test/support/longest-first-sequencer.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    globalSetup: ["test/support/tools-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    sequence: { sequencer: LongestFirstSequencer },
  },
});
