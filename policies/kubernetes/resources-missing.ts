import { finding, type Rule } from "../../lib/policies/rule.ts";
import { containersOf } from "./containers.ts";

export const resourcesMissing: Rule = {
  id: "k8s/resources-missing",
  summary: "A container without cpu and memory requests and a memory limit.",
  why: "Without requests the scheduler overcommits the node; without a memory limit one leak takes the node's memory.",
  fix: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory.",
  reference: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  severity: "warning",
  upstream: [
    { repository: "kubernetes/kubernetes", tag: "v1.36.3", file: "pkg/apis/core/helper/qos/qos.go", line: 155 },
  ],
  check(set) {
    return set.workloads().flatMap(({ workload, template }) =>
      containersOf(template).flatMap(({ container, path }) => {
        const missing = [
          ...(container.resources?.requests?.cpu === undefined ? ["requests.cpu"] : []),
          ...(container.resources?.requests?.memory === undefined ? ["requests.memory"] : []),
          ...(container.resources?.limits?.memory === undefined ? ["limits.memory"] : []),
        ];
        return missing.length > 0
          ? [
              finding(
                this,
                workload,
                "warning",
                `${path}.resources`,
                `container ${container.name ?? "?"} has no ${missing.join(", ")}`,
              ),
            ]
          : [];
      }),
    );
  },
};
