// The charts an environment's Applications install (repository, chart, version), read from its deploy/ folder: what
// the rehearsal's loopback origin serves.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { ChartSource } from "./loopback-origin.ts";

interface ApplicationSource {
  readonly repoURL?: string;
  readonly chart?: string;
  readonly targetRevision?: string;
}

export async function chartSources(folder: string): Promise<ChartSource[]> {
  const found = new Map<string, ChartSource>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".yaml")) continue;
    for (const document of parseAllDocuments(await readFile(join(entry.parentPath, entry.name), "utf8"))) {
      const object = document.toJS() as {
        kind?: string;
        spec?: { source?: ApplicationSource; sources?: readonly ApplicationSource[] };
      } | null;
      if (object?.kind !== "Application") continue;
      for (const source of [...(object.spec?.source ? [object.spec.source] : []), ...(object.spec?.sources ?? [])])
        if (source.chart && source.repoURL && source.targetRevision)
          found.set(`${source.repoURL} ${source.chart} ${source.targetRevision}`, {
            repoURL: source.repoURL,
            chart: source.chart,
            version: source.targetRevision,
          });
    }
  }
  return [...found.values()].sort((a, b) => `${a.repoURL}${a.chart}`.localeCompare(`${b.repoURL}${b.chart}`));
}
