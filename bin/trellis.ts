#!/usr/bin/env tsx
import { main } from "../lib/cli/main.ts";
import { processIo } from "../lib/cli/process-io.ts";

// The composition root is loaded only when a command runs: `--help` and usage errors need none of it.
process.exitCode = await main(
  process.argv.slice(2),
  processIo(),
  async () => (await import("../blueprint.ts")).blueprint,
);
