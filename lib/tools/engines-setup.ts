// `npm run setup:engines`: finds or builds every pinned engine (cached under ~/.cache/trellis), step by step.
import { showProgress } from "../telemetry/progress.ts";
import { ENGINE_PHASE, ensureEngines } from "./engines.ts";

const stop = showProgress(process.stdout, { phases: [ENGINE_PHASE] });
try {
  await ensureEngines((line) => console.log(line));
} finally {
  stop();
}
