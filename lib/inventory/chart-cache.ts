// Chart archives by name and version: from the configured cache folder, or pulled into it with Helm when the
// network allows. Offline, a missing archive is an error that says where to put it.
import { access, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { run } from "../tools/go-tool.ts";

export interface ChartReference {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
}

export class ChartUnavailable extends Error {}

export function archiveName(chart: ChartReference): string {
  return `${chart.chart}-${chart.version}.tgz`;
}

export async function chartArchive(cache: string, chart: ChartReference, helm: string): Promise<string> {
  const path = join(cache, archiveName(chart));
  try {
    await access(path);
    return path;
  } catch {
    // Not cached: pull it.
  }
  try {
    await mkdir(cache, { recursive: true });
    await run(helm, ["pull", chart.chart, "--repo", chart.repoURL, "--version", chart.version, "--destination", cache]);
    await access(path);
    return path;
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new ChartUnavailable(
      `chart ${chart.chart} ${chart.version} is not in ${cache} and could not be pulled from ${chart.repoURL}: ${(failed.stderr || failed.message).trim().split("\n")[0]}. ` +
        `Put ${archiveName(chart)} there (helm pull ${chart.chart} --repo ${chart.repoURL} --version ${chart.version}), or set charts.cache in trellis.config.ts`,
    );
  }
}
