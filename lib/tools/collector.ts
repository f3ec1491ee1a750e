// The OpenTelemetry Collector with exactly the components Trellis renders (tools/collector, release 0.158.0),
// to validate rendered configs the way the collector decodes them at start-up.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { ensureModuleTool, type ModuleTool } from "./module-tool.ts";
import { runToEnd } from "./processes.ts";

export const COLLECTOR: ModuleTool = {
  name: "collector",
  version: "0.158.0",
  packagePath: ".",
  coldBuild: "7 minutes",
};

export function ensureCollector(log: (line: string) => void = () => {}): Promise<string> {
  return ensureModuleTool(COLLECTOR, log).then((built) => built.path);
}

/** The collector's own verdict on a config: undefined when it starts, else its error message. */
export async function validateCollectorConfig(collector: string, config: unknown): Promise<string | undefined> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-collector-"));
  try {
    const file = join(folder, "config.yaml");
    await writeFile(file, stringify(config));
    const result = await runToEnd(collector, ["validate", `--config=${file}`]);
    return result.code === 0 ? undefined : (result.stderr || result.stdout).trim();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export interface CollectorRefusal {
  /** Where in the config the collector points, as a dotted path from `spec.config`, when it names a place. */
  readonly field?: string;
  /** The collector's own last words on it. */
  readonly reason: string;
}

/**
 * Reads the place out of the collector's decoding error: a chain of `'section' error reading configuration
 * for "component"`, `'a.b' decoding failed` and a last `'key' ...` or `has invalid keys: key`; or a
 * `service::pipelines::traces: ...` prefix for pipeline wiring.
 */
export function explainRefusal(message: string): CollectorRefusal {
  const all = message
    .split("\n")
    .map((line) =>
      line
        .replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, "")
        .replace(/^Error: /, "")
        .trim(),
    )
    .filter(Boolean);
  // The collector prints the chain twice (the command's error, then its log line): read the first one.
  const reason = all.at(-1) ?? message;
  const lines = all.slice(0, all.indexOf(reason) + 1);
  const wiring = /^(service(?:::\w+)+): /.exec(lines[0] ?? "");
  if (wiring) return { field: wiring[1]!.split("::").join("."), reason };
  const path: string[] = [];
  for (const line of lines) {
    const section = /^'(\w+)' error reading configuration for "([^"]+)"/.exec(line);
    if (section) path.push(section[1]!, section[2]!);
    const nested = /^'([\w.]+)' decoding failed/.exec(line);
    if (nested) path.push(...nested[1]!.split("."));
  }
  const invalid = /has invalid keys: ([\w, ]+)$/.exec(reason);
  const last = /^'([\w.]+)' (?!has invalid keys)/.exec(reason);
  if (invalid) path.push(invalid[1]!.split(", ")[0]!);
  else if (last) path.push(...last[1]!.split("."));
  return path.length > 0 ? { field: path.join("."), reason } : { reason };
}
