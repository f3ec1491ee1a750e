// One measurement in a process of its own, so that its time and peak memory are its own: the bench runs
// `node --import tsx test/bench/measure.ts <task> <json>` and reads one JSON line from stdout.
//   synth {root, out}   synth of every environment into an empty folder, split by phase
//   floor {root, out}   the same final objects serialized with the yaml package and written (and with js-yaml)
//   cli {args}          the trellis command line, its output discarded
// Each task imports only what it runs, so that `cli` loads what the command line loads and no more.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface Measured {
  readonly ms: Record<string, number>;
  readonly counts: Record<string, number>;
  readonly peakRssMiB: number;
}

const [task, json] = process.argv.slice(2);
const input = JSON.parse(json ?? "{}") as { root?: string; out?: string; args?: string[] };
const ms: Record<string, number> = {};
const counts: Record<string, number> = {};

/** Writes each file as the floor program would: its folder made once, the bytes written synchronously. */
function writeAll(out: string, files: readonly { path: string; content: string }[]): void {
  const made = new Set<string>();
  for (const file of files) {
    const path = join(out, file.path);
    const folder = dirname(path);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
    writeFileSync(path, file.content);
  }
}

if (task === "synth") {
  const { listenToPhases } = await import("../../lib/telemetry/phases.ts");
  const { synth } = await import("../../lib/synth.ts");
  const { blueprint } = await import("../../blueprint.ts");
  const phases = {
    "trellis.load": "load",
    "trellis.resolve": "resolve",
    "trellis.render": "render",
    "trellis.write": "write",
  } as Record<string, string>;
  listenToPhases({
    ended(name, _attributes, milliseconds) {
      const key = phases[name];
      if (key) ms[key] = (ms[key] ?? 0) + milliseconds;
    },
  });
  const started = performance.now();
  const result = await synth(blueprint, input.root ?? "", input.out ?? "");
  ms.synth = performance.now() - started;
  counts.files = result.folders.reduce((sum, folder) => sum + folder.files.length, 0);
  counts.objects = result.folders.reduce(
    (sum, folder) => sum + folder.files.filter((file) => !file.path.endsWith("kustomization.yaml")).length,
    0,
  );
  counts.written = result.written.written;
  counts.kept = result.written.kept;
  counts.removed = result.written.removed;
} else if (task === "floor") {
  const { parse, stringify } = await import("yaml");
  const { RENDER_HEADER } = await import("../../lib/output/ownership.ts");
  const { toYaml } = await import("../../lib/render/manifest-files.ts");
  const { renderPlatform } = await import("../../lib/synth.ts");
  const { blueprint } = await import("../../blueprint.ts");
  // The final objects, as plain data, are read back from the rendered bytes before the clock starts.
  const { folders } = await renderPlatform(blueprint, input.root ?? "");
  const objects = folders.flatMap((folder) =>
    folder.files.map((file) => ({
      path: join(folder.name, file.path),
      object: parse(file.content, { version: "1.1" }) as unknown,
    })),
  );
  counts.files = objects.length;
  for (const [key, serialize] of [
    [
      "floor",
      (object: unknown) => stringify(object, { version: "1.1", lineWidth: 0, sortMapEntries: true, indentSeq: true }),
    ],
    ["floor_jsyaml", toYaml],
  ] as const) {
    const started = performance.now();
    writeAll(
      join(input.out ?? "", key),
      objects.map(({ path, object }) => ({ path, content: RENDER_HEADER + serialize(object) })),
    );
    ms[key] = performance.now() - started;
  }
} else if (task === "cli") {
  const { main } = await import("../../lib/cli/main.ts");
  const { blueprint } = await import("../../blueprint.ts");
  const started = performance.now();
  counts.exit = await main(input.args ?? [], { out: () => {}, err: () => {} }, blueprint);
  ms.cli = performance.now() - started;
} else {
  throw new Error(`unknown task ${task}`);
}

const measured: Measured = { ms, counts, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`${JSON.stringify(measured)}\n`);
