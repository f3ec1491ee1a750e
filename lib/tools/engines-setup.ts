// `npm run setup:engines`: finds or builds every pinned engine (cached under ~/.cache/trellis), step by step.
import { ensureEngines } from "./engines.ts";

await ensureEngines((line) => console.log(line));
