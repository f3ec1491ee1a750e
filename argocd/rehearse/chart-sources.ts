// The charts an environment's Applications install (repository, chart, version): what the rehearsal's loopback
// origin serves.
import { compareCodePoints } from "../../lib/sort.ts";
import type { DeclaredApplication } from "./environment-applications.ts";
import type { ChartSource } from "./loopback-origin.ts";

export function chartSources(applications: readonly DeclaredApplication[]): ChartSource[] {
  const found = new Map<string, ChartSource>();
  for (const application of applications)
    for (const source of [
      ...(application.spec?.source ? [application.spec.source] : []),
      ...(application.spec?.sources ?? []),
    ])
      if (source.chart && source.repoURL && source.targetRevision)
        found.set(`${source.repoURL} ${source.chart} ${source.targetRevision}`, {
          repoURL: source.repoURL,
          chart: source.chart,
          version: source.targetRevision,
        });
  return [...found.values()].sort((a, b) => compareCodePoints(`${a.repoURL}${a.chart}`, `${b.repoURL}${b.chart}`));
}
