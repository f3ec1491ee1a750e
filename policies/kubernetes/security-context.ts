import { finding, type Rule } from "../../lib/policies/rule.ts";
import { containersOf } from "./containers.ts";

export const securityContext: Rule = {
  id: "k8s/security-context",
  summary: "A container that may run as root, escalate privileges, or keeps capabilities.",
  why: "A compromised process gets root in the container and a shorter path to the node.",
  fix: "Set runAsNonRoot: true, allowPrivilegeEscalation: false and capabilities.drop: [ALL].",
  reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  severity: "warning",
  upstream: [
    { repository: "kubernetes/pod-security-admission", tag: "v0.36.3", file: "policy/check_runAsNonRoot.go", line: 78 },
    {
      repository: "kubernetes/pod-security-admission",
      tag: "v0.36.3",
      file: "policy/check_allowPrivilegeEscalation.go",
      line: 64,
    },
  ],
  check(set) {
    return set.workloads().flatMap(({ workload, template }) => {
      const pod = (template.spec.securityContext ?? {}) as Record<string, any>;
      return containersOf(template).flatMap(({ container, path }) => {
        const context = container.securityContext ?? {};
        const problems = [
          ...(context.privileged === true ? ["runs privileged"] : []),
          ...((context.runAsNonRoot ?? pod.runAsNonRoot) !== true && !((context.runAsUser ?? pod.runAsUser) > 0)
            ? ["may run as root"]
            : []),
          ...(context.allowPrivilegeEscalation !== false ? ["may escalate privileges"] : []),
          ...(!((context.capabilities?.drop ?? []) as string[]).includes("ALL") ? ["keeps capabilities"] : []),
        ];
        return problems.length > 0
          ? [
              finding(
                this,
                workload,
                "warning",
                `${path}.securityContext`,
                `container ${container.name ?? "?"} ${problems.join(", ")}`,
              ),
            ]
          : [];
      });
    });
  },
};
