// Namespaces layer: one Namespace per namespace the apps live in, labelled for Pod Security Admission.
import { k8s } from "cdk8s-plus-28";
import { constructId, type LayerRenderer } from "../../lib/render/layer-renderer.ts";

export const namespacesLayer: LayerRenderer = {
  layer: "namespaces",
  render(chart, environment) {
    for (const namespace of environment.namespaces) {
      new k8s.KubeNamespace(chart, constructId("namespace", undefined, namespace.name), {
        metadata: {
          name: namespace.name,
          labels: {
            "pod-security.kubernetes.io/enforce": namespace.podSecurity.enforce,
            "pod-security.kubernetes.io/warn": namespace.podSecurity.warn,
            "pod-security.kubernetes.io/audit": namespace.podSecurity.warn,
          },
        },
      });
    }
  },
};
