// The set's Argo CD Applications and the chart each installs.
import type { ObjectSet, SetObject } from "../../lib/policies/object-set.ts";

export const applications = (set: ObjectSet) => set.ofKind("Application", "argoproj.io");
export const chartOf = (app: SetObject): string | undefined =>
  app.object.spec?.source?.chart ??
  ((app.object.spec?.sources ?? []) as { chart?: string }[]).find((s) => s.chart)?.chart;
