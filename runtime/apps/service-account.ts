// One ServiceAccount per app, so RBAC and workload identity never leak between apps.
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import type { AppModel } from "../../lib/model/types.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import { appLabels } from "./labels.ts";

export function renderServiceAccount(chart: Chart, app: AppModel): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(chart, constructId("serviceaccount", app.namespace, app.id), {
    metadata: { name: app.id, namespace: app.namespace, labels: appLabels(app) },
    automountServiceAccountToken: app.mountServiceAccountToken,
  });
}
