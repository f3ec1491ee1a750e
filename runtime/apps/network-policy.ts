// What may reach an app's pods once its namespace denies ingress by default: the sidecars that call it on daprd's
// internal gRPC port (its callers' namespaces in the invocation graph, its own for actors), and the namespaces the
// app declares on its own port. Kubelet probes come from the node and are not subject to NetworkPolicy on common CNIs.
import { NAMESPACE_NAME_LABEL } from "../../lib/manifests/scope.ts";
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import type { AppModel } from "../../lib/model/types.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import { selectorLabels } from "./labels.ts";

/** daprd's internal gRPC port, which other sidecars call (`dapr.io/internal-grpc-port`). */
export const DAPR_INTERNAL_GRPC_PORT = 50002;

export function renderNetworkPolicy(chart: Chart, app: AppModel): k8s.KubeNetworkPolicy {
  const inNamespaces = (names: readonly string[]) => ({
    namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [...names] }] },
  });
  return new k8s.KubeNetworkPolicy(chart, constructId("networkpolicy", app.namespace, app.id), {
    metadata: { name: app.id, namespace: app.namespace },
    spec: {
      podSelector: { matchLabels: selectorLabels(app) },
      policyTypes: ["Ingress"],
      ingress: [
        ...(app.sidecarPeers.length > 0
          ? [
              {
                from: [inNamespaces(app.sidecarPeers)],
                ports: [{ protocol: "TCP", port: k8s.IntOrString.fromNumber(DAPR_INTERNAL_GRPC_PORT) }],
              },
            ]
          : []),
        ...(app.exposedTo.length > 0
          ? [
              {
                from: [inNamespaces(app.exposedTo)],
                ports: [{ protocol: "TCP", port: k8s.IntOrString.fromNumber(app.port) }],
              },
            ]
          : []),
      ],
    },
  });
}
