import { finding, type Rule } from "../../lib/policies/rule.ts";
import { byNamespace, matches } from "./label-selectors.ts";

export const pdbMissing: Rule = {
  id: "k8s/pdb-missing",
  summary: "In prod, a workload with more than one replica and no PodDisruptionBudget.",
  why: "A node drain may evict every replica at once.",
  fix: "Add a PodDisruptionBudget (maxUnavailable: 1) selecting the workload's pods.",
  reference: "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
  severity: "error in prod only",
  upstream: [
    {
      repository: "kubernetes/kubernetes",
      tag: "v1.36.3",
      file: "pkg/registry/core/pod/storage/eviction.go",
      line: 231,
    },
  ],
  check(set, profile) {
    if (profile !== "prod") return [];
    const budgets = byNamespace(set.ofKind("PodDisruptionBudget"), (budget) => budget.namespace);
    return set
      .workloads()
      .filter(
        ({ workload }) =>
          ["Deployment", "StatefulSet"].includes(workload.kind) && Number(workload.object.spec?.replicas ?? 1) > 1,
      )
      .filter(
        ({ workload, template }) =>
          !(budgets.get(workload.namespace) ?? []).some((budget) =>
            matches(budget.object.spec?.selector?.matchLabels, template.metadata.labels),
          ),
      )
      .map(({ workload }) =>
        finding(
          this,
          workload,
          "error",
          "spec.replicas",
          `${workload.kind} ${workload.name} runs ${workload.object.spec.replicas} replicas without a PodDisruptionBudget`,
        ),
      );
  },
};
