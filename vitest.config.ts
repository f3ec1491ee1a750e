import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./test/support/longest-first-sequencer.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The full rehearsals of staging and prod: `npm run rehearse:all` (vitest.rehearse-all.config.ts).
    exclude: ["test/rehearse-all/**", "**/node_modules/**"],
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    globalSetup: ["test/support/tools-setup.ts"],
    // A guard against a hung engine, not a speed check: a test that drives a real engine may wait its turn
    // for a core behind the other workers.
    testTimeout: 240_000,
    hookTimeout: 300_000,
    sequence: { sequencer: LongestFirstSequencer },
    // One worker more than there are cores: the engine suites spend much of their time waiting on
    // processes (the samplers' decision wait, the API server), which another file's work can fill.
    maxWorkers: availableParallelism() + 1,
    // Test files of one worker share loaded modules: cdk8s, the CRD classes and the engine are imported once per
    // worker instead of once per file (measured: a third of the import time). No test keeps global state
    // between files: the ones that change process.env put it back.
    isolate: false,
  },
});
