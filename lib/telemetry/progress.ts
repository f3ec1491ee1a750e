// Step-by-step progress of long work (engine builds, gates, inventories), from the same phases that become
// spans: on a terminal one line that updates every second with the running step and its elapsed time, and a
// line per finished step; elsewhere (CI logs) a plain line when a step starts and one when it ends.
import { listenToPhases, type PhaseAttributes } from "./phases.ts";

interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressOptions {
  /** Phase names shown; their sub-phases are not. */
  readonly phases: readonly string[];
  /** Overrides the stream's own isTTY, for tests. */
  readonly terminal?: boolean;
  /** Milliseconds between updates of the running line. */
  readonly tickMs?: number;
}

/** Starts showing progress on the stream; returns what stops it. */
export function showProgress(stream: Stream, options: ProgressOptions): () => void {
  const terminal = options.terminal ?? Boolean(stream.isTTY);
  const running: { label: string; started: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;
  const redraw = () => {
    const current = running.at(-1);
    stream.write(`\r\x1b[K${current ? `${current.label} … ${seconds(performance.now() - current.started)}` : ""}`);
  };
  const stop = listenToPhases({
    started(name, attributes) {
      if (!options.phases.includes(name)) return;
      const label = labelOf(name, attributes);
      running.push({ label, started: performance.now() });
      if (!terminal) {
        stream.write(`${label} …\n`);
        return;
      }
      redraw();
      timer ??= setInterval(redraw, options.tickMs ?? 1000).unref();
    },
    ended(name, attributes, milliseconds, failed) {
      if (!options.phases.includes(name)) return;
      const label = labelOf(name, attributes);
      const index = running.map((step) => step.label).lastIndexOf(label);
      if (index >= 0) running.splice(index, 1);
      const line = `${label}: ${failed ? "failed after" : "done in"} ${seconds(milliseconds)}\n`;
      if (!terminal) {
        stream.write(line);
        return;
      }
      stream.write(`\r\x1b[K${line}`);
      if (running.length > 0) redraw();
      else {
        clearInterval(timer);
        timer = undefined;
      }
    },
  });
  return () => {
    stop();
    clearInterval(timer);
    if (terminal && running.length > 0) stream.write("\r\x1b[K");
  };
}

/** "trellis.validate.gate" with { gate: "kubeconform", environment: "dev" } reads "validate.gate kubeconform dev". */
function labelOf(name: string, attributes: PhaseAttributes): string {
  return [name.replace(/^trellis\./, ""), ...Object.values(attributes).map(String)].join(" ");
}
