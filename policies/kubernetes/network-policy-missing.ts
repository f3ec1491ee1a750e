import type { SetObject } from "../../lib/policies/object-set.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";

export const networkPolicyMissing: Rule = {
  id: "k8s/network-policy-missing",
  summary: "In prod, a namespace with workloads and no default-deny NetworkPolicy.",
  why: "Every pod in the cluster can reach every pod in the namespace.",
  fix: "Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] and no ingress rules, then allow what each app needs.",
  reference:
    "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic",
  severity: "error in prod only",
  upstream: [{ repository: "kubernetes/api", tag: "v0.36.3", file: "networking/v1/types.go", line: 77 }],
  check(set, profile) {
    if (profile !== "prod") return [];
    const denies = (policy: SetObject) =>
      Object.keys(policy.object.spec?.podSelector ?? {}).length === 0 &&
      ((policy.object.spec?.policyTypes ?? []) as string[]).includes("Ingress") &&
      (policy.object.spec?.ingress ?? []).length === 0;
    const denied = new Set(
      set
        .ofKind("NetworkPolicy")
        .filter(denies)
        .map((policy) => policy.namespace),
    );
    const first = new Map<string, SetObject>();
    for (const { workload } of set.workloads())
      if (!first.has(workload.namespace)) first.set(workload.namespace, workload);
    return [...first.entries()]
      .filter(([namespace]) => !denied.has(namespace))
      .map(([namespace, workload]) =>
        finding(
          this,
          workload,
          "error",
          "metadata.namespace",
          `namespace ${namespace} runs workloads and has no default-deny NetworkPolicy`,
        ),
      );
  },
};
