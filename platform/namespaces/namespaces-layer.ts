// Namespaces layer: every namespace the environment uses, labelled for Pod Security Admission, each denying
// ingress by default, and what may reach the platform's own pods. The apps' allows come with the apps.
import { k8s } from "cdk8s-plus-28";
import { constructId, type LayerRenderer } from "../../lib/render/layer-renderer.ts";
import { renderDefaultDeny } from "./default-deny.ts";
import { renderIngressAllow } from "./platform-ingress-policies.ts";

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
      if (namespace.defaultDenyIngress) renderDefaultDeny(chart, namespace.name);
    }
    for (const allow of environment.platformIngress) renderIngressAllow(chart, allow);
  },
};
