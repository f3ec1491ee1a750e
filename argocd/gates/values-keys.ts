// Every key a chart Application sets in valuesObject exists in the chart's defaults (its values.yaml, its
// subcharts' under their names, and `global`). Helm ignores an unknown key without a word, and only charts
// whose values.schema.json closes objects refuse one; a typo would silently leave a default in place.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import type { Inventory } from "../../lib/inventory/inventory.ts";
import { gateFinding, type GateFinding } from "../../lib/gates/gate.ts";
import { resolve } from "node:path";
import type { Gate } from "../../lib/gates/gate.ts";
import { chartArchive } from "../../lib/inventory/chart-cache.ts";

const GATE = "values-keys";
type Values = Record<string, unknown>;

/** The defaults Helm starts from for a chart archive: its values with each subchart's under its name. */
export async function chartDefaults(archive: string): Promise<Values> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-chart-"));
  try {
    await promisify(execFile)("tar", ["-xzf", archive, "-C", folder]);
    const [chart] = await readdir(folder);
    if (!chart) throw new Error(`${archive} holds no chart`);
    return await defaultsIn(join(folder, chart));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function defaultsIn(chartFolder: string): Promise<Values> {
  const values = ((parse(await readFile(join(chartFolder, "values.yaml"), "utf8").catch(() => "")) as Values | null) ??
    {}) as Values;
  const subcharts = await readdir(join(chartFolder, "charts"), { withFileTypes: true }).catch(() => []);
  for (const entry of subcharts.filter((candidate) => candidate.isDirectory())) {
    const sub = await defaultsIn(join(chartFolder, "charts", entry.name));
    const { global: subGlobal, ...rest } = sub;
    values[entry.name] = { ...rest, ...((values[entry.name] as Values | undefined) ?? {}) };
    values.global = { ...((subGlobal as Values | undefined) ?? {}), ...((values.global as Values | undefined) ?? {}) };
  }
  return values;
}

/** Paths of keys set in `values` that `defaults` does not know; a default that is an empty map or null takes any keys. */
export function unknownKeys(values: unknown, defaults: unknown, path = ""): string[] {
  if (!isMap(values) || !isMap(defaults) || Object.keys(defaults).length === 0) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const here = path ? `${path}.${key}` : key;
    if (!(key in defaults)) return [here];
    const fallback = defaults[key];
    return fallback === null || fallback === undefined ? [] : unknownKeys(value, fallback, here);
  });
}

export async function checkValuesKeys(
  inventory: Inventory,
  archiveOf: (chart: { repoURL: string; chart: string; version: string }) => Promise<string>,
): Promise<GateFinding[]> {
  const findings: GateFinding[] = [];
  for (const item of inventory.objects.filter((candidate) => candidate.object.kind === "Application")) {
    // Every chart source: `source`, and each of `sources` (a multi-source Application is checked too).
    const sources: { source: Record<string, any>; path: string }[] = item.object.spec?.source
      ? [{ source: item.object.spec.source, path: "spec.source" }]
      : ((item.object.spec?.sources ?? []) as Record<string, any>[]).map((source, index) => ({
          source,
          path: `spec.sources[${index}]`,
        }));
    for (const { source, path } of sources.filter((candidate) => candidate.source.chart)) {
      const defaults = await chartDefaults(
        await archiveOf({ repoURL: source.repoURL, chart: source.chart, version: source.targetRevision }),
      );
      // Values given as a YAML string count as much as valuesObject (which Argo CD lays over them).
      const inline = (typeof source.helm?.values === "string" ? parse(source.helm.values) : source.helm?.values) as
        Values | null | undefined;
      for (const [field, values] of [
        ["values", inline ?? {}],
        ["valuesObject", source.helm?.valuesObject ?? {}],
      ] as const) {
        for (const key of unknownKeys(values, defaults)) {
          findings.push(
            gateFinding(
              GATE,
              inventory.environment,
              item,
              `${path}.helm.${field}.${key}: chart ${source.chart} ${source.targetRevision} has no such value; Helm would ignore it`,
            ),
          );
        }
      }
    }
  }
  return findings;
}

function isMap(value: unknown): value is Values {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const valuesKeysGate: Gate = {
  name: "values-keys",
  run: ({ root, config, inventory, engines }) =>
    checkValuesKeys(inventory, (chart) => chartArchive(resolve(root, config.charts.cache), chart, engines.helm)),
};
