// Custom resources and what installs their CRDs: CRD objects in the set, and Applications of charts known to
// install them.
import { CHART_CRD_GROUPS } from "../../argocd/argocd-facts.ts";
import type { ObjectSet, SetObject } from "../../lib/policies/object-set.ts";
import { applications, chartOf } from "./applications.ts";

/** Groups whose kinds exist before any Application syncs: Kubernetes' own. */
const BUILT_IN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "policy",
  "rbac.authorization.k8s.io",
  "networking.k8s.io",
  "autoscaling",
  "apiextensions.k8s.io",
  "admissionregistration.k8s.io",
  "storage.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "node.k8s.io",
  "certificates.k8s.io",
  "apiregistration.k8s.io",
]);

/** What installs each CRD group: CRD objects in the set, and Applications of charts known to install it. */
export function installers(set: ObjectSet): Map<string, SetObject[]> {
  const byGroup = new Map<string, SetObject[]>();
  const add = (group: string, installer: SetObject) => byGroup.set(group, [...(byGroup.get(group) ?? []), installer]);
  for (const crd of set.ofKind("CustomResourceDefinition"))
    if (crd.object.spec?.group) add(String(crd.object.spec.group), crd);
  for (const app of applications(set)) for (const group of CHART_CRD_GROUPS[chartOf(app) ?? ""] ?? []) add(group, app);
  return byGroup;
}

export const customResources = (set: ObjectSet) =>
  set.objects.filter((object) => !BUILT_IN_GROUPS.has(object.group) && object.group !== "argoproj.io");
