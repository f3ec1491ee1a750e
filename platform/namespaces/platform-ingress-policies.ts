// The allows of the platform's namespaces (lib/model/platform-ingress.ts), one NetworkPolicy each, beside the
// namespace's default deny.
import { NAMESPACE_NAME_LABEL } from "../../lib/manifests/scope.ts";
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import type { IngressAllowModel } from "../../lib/model/types.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";

export function renderIngressAllow(chart: Chart, allow: IngressAllowModel): k8s.KubeNetworkPolicy {
  const from =
    "anywhere" in allow.from
      ? undefined
      : "namespaces" in allow.from
        ? [
            {
              namespaceSelector: {
                matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [...allow.from.namespaces] }],
              },
            },
          ]
        : [{ podSelector: { matchLabels: { ...allow.from.pods } } }];
  return new k8s.KubeNetworkPolicy(chart, constructId("networkpolicy", allow.namespace, allow.name), {
    metadata: {
      name: allow.name,
      namespace: allow.namespace,
      annotations: { "trellis.io/description": allow.description },
    },
    spec: {
      podSelector: { matchLabels: { ...allow.pods } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          ...(from ? { from } : {}),
          ports: allow.ports.map((port) => ({
            protocol: "TCP",
            port: typeof port === "number" ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
          })),
        },
      ],
    },
  });
}
