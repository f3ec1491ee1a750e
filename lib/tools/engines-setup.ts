// `npm run setup:engines`: finds or builds every pinned engine (cached under ~/.cache/trellis), step by step.
import { loadConfig, resolveSchemaLocation } from "../config.ts";
import { showProgress } from "../telemetry/progress.ts";
import { ENGINE_PHASE, ensureEngines } from "./engines.ts";

const stop = showProgress(process.stdout, { phases: [ENGINE_PHASE] });
try {
  const root = process.cwd();
  const config = await loadConfig(root);
  await ensureEngines((line) => console.log(line), resolveSchemaLocation(root, config.engines.sources));
} finally {
  stop();
}
