// The OpenTelemetry Collector with exactly the components Trellis renders (tools/collector, release 0.158.0),
// to validate rendered configs the way the collector decodes them at start-up.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { run } from "./go-tool.ts";
import { ensureModuleTool, type ModuleTool } from "./module-tool.ts";

export const COLLECTOR: ModuleTool = { name: "collector", version: "0.158.0", packagePath: ".", coldBuild: "7 minutes" };

export function ensureCollector(log: (line: string) => void = () => {}): Promise<string> {
  return ensureModuleTool(COLLECTOR, log).then((built) => built.path);
}

/** The collector's own verdict on a config: undefined when it starts, else its error message. */
export async function validateCollectorConfig(collector: string, config: unknown): Promise<string | undefined> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-collector-"));
  try {
    const file = join(folder, "config.yaml");
    await writeFile(file, stringify(config));
    await run(collector, ["validate", `--config=${file}`]);
    return undefined;
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    return (failed.stderr || failed.stdout || failed.message).trim();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
