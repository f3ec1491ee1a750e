// An app's Service on its app port. Dapr service invocation uses the operator's own <app-id>-dapr Service.
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import type { AppModel } from "../../lib/model/types.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import { portName } from "./deployment.ts";
import { appLabels, selectorLabels } from "./labels.ts";

export function renderService(chart: Chart, app: AppModel): k8s.KubeService {
  return new k8s.KubeService(chart, constructId("service", app.namespace, app.id), {
    metadata: { name: app.id, namespace: app.namespace, labels: appLabels(app) },
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(app),
      ports: [
        { name: portName(app), port: app.port, targetPort: k8s.IntOrString.fromString(portName(app)), protocol: "TCP" },
      ],
    },
  });
}
