// Namespaces the platform itself owns in an environment, derived from what it installs: apps may not share them
// (an app namespace gets default-deny ingress and its own Pod Security level, which would break the owner).
import type { Environment } from "./declarations/environment.ts";
import { CHARTS } from "../../versions.ts";
import { MONITORING_NAMESPACE } from "./tracing.ts";

/** Argo CD's namespace; the bootstrap installs it there. */
export const ARGOCD_NAMESPACE = "argocd";

const KUBERNETES_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

/** Each platform namespace with what owns it. Every pinned chart counts, installed in this environment or not. */
export function platformNamespaces(environment: Environment): ReadonlyMap<string, string> {
  const owners = new Map<string, string>();
  for (const name of KUBERNETES_NAMESPACES) owners.set(name, "Kubernetes");
  owners.set(ARGOCD_NAMESPACE, "Argo CD");
  owners.set(MONITORING_NAMESPACE, "the collectors and trace backend");
  for (const chart of Object.values(CHARTS))
    if (!owners.has(chart.namespace)) owners.set(chart.namespace, `the ${chart.chart} chart`);
  const redis = environment.inCluster.redis;
  if (redis && !owners.has(redis.namespace))
    owners.set(redis.namespace, `the in-cluster Redis of environment "${environment.name}"`);
  return owners;
}
