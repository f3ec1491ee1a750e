// A PodDisruptionBudget for apps with more than one replica: node drains take one pod at a time.
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import type { AppModel } from "../../lib/model/types.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import { appLabels, selectorLabels } from "./labels.ts";

export function renderDisruptionBudget(chart: Chart, app: AppModel): k8s.KubePodDisruptionBudget | undefined {
  if (app.replicas < 2) return undefined;
  return new k8s.KubePodDisruptionBudget(chart, constructId("poddisruptionbudget", app.namespace, app.id), {
    metadata: { name: app.id, namespace: app.namespace, labels: appLabels(app) },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selectorLabels(app) } },
  });
}
