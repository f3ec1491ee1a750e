// The Argo CD Applications that install the Dapr chart (the control plane).
import type { ObjectSet, SetObject } from "../../lib/policies/object-set.ts";

export function daprChartApplications(set: ObjectSet): SetObject[] {
  return set.ofKind("Application", "argoproj.io").filter((app) => app.object.spec?.source?.chart === "dapr");
}
