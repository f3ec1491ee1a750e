// Progress of long work: plain lines in CI logs, one updating line on a terminal, only for the phases asked for.
import { describe, expect, it } from "vitest";
import { phase } from "../../lib/telemetry/phases.ts";
import { showProgress } from "../../lib/telemetry/progress.ts";

function recorder() {
  const writes: string[] = [];
  return { writes, stream: { write: (text: string) => writes.push(text) } };
}

const waitFor = async (condition: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe("progress", () => {
  it("prints a line when a step starts and one when it ends, outside a terminal, and nothing for other phases", async () => {
    const { writes, stream } = recorder();
    const stop = showProgress(stream, { phases: ["trellis.engine"], terminal: false });
    await phase("trellis.engine", { "trellis.engine": "helm" }, async () => {
      await phase("trellis.other", {}, async () => undefined);
    });
    await expect(
      phase("trellis.engine", { "trellis.engine": "jaeger" }, async () => Promise.reject(new Error("no go"))),
    ).rejects.toThrow("no go");
    stop();
    await phase("trellis.engine", { "trellis.engine": "after stop" }, async () => undefined);
    expect(writes.join("")).toMatch(
      /^engine helm …\nengine helm: done in \d+\.\d s\nengine jaeger …\nengine jaeger: failed after \d+\.\d s\n$/,
    );
  });

  it("on a terminal, rewrites one line with the running step's elapsed time, then leaves a line per finished step", async () => {
    const { writes, stream } = recorder();
    const stop = showProgress(stream, { phases: ["trellis.validate.gate"], terminal: true, tickMs: 10 });
    await phase("trellis.validate.gate", { "trellis.gate": "kubeconform", "trellis.environment": "dev" }, async () => {
      await waitFor(() => writes.length >= 3);
    });
    stop();
    const updates = writes.slice(0, -1);
    expect(
      updates.every((text) => text.startsWith("\r\x1b[Kvalidate.gate kubeconform dev … ") && !text.includes("\n")),
    ).toBe(true);
    expect(writes.at(-1)).toMatch(/^\r\x1b\[Kvalidate\.gate kubeconform dev: done in \d+\.\d s\n$/);
  });
});
