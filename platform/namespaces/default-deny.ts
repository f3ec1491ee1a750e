// Default-deny ingress for a namespace whose allows Trellis derives (runtime/apps/network-policy.ts, platform-ingress.ts).
import type { Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import { constructId } from "../../lib/render/layer-renderer.ts";

export const DEFAULT_DENY = "default-deny-ingress";

export function renderDefaultDeny(chart: Chart, namespace: string): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(chart, constructId("networkpolicy", namespace, DEFAULT_DENY), {
    metadata: { name: DEFAULT_DENY, namespace },
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
  });
}
