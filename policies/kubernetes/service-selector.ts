import { finding, type Rule } from "../../lib/policies/rule.ts";
import { byNamespace, matches } from "./label-selectors.ts";

export const serviceSelector: Rule = {
  id: "k8s/service-selector",
  summary: "A Service whose selector matches no workload in the set.",
  why: "The Service has no endpoints: every connection is refused.",
  fix: "Make the selector match the pod template labels of the workload it fronts.",
  reference: "https://kubernetes.io/docs/concepts/services-networking/service/",
  severity: "error in every profile",
  upstream: [
    {
      repository: "kubernetes/kubernetes",
      tag: "v1.36.3",
      file: "pkg/controller/endpointslice/endpointslice_controller.go",
      line: 406,
    },
  ],
  check(set) {
    const workloads = byNamespace(set.workloads(), ({ workload }) => workload.namespace);
    return set
      .ofKind("Service", "")
      .filter((service) => Object.keys(service.object.spec?.selector ?? {}).length > 0)
      .filter(
        (service) =>
          !(workloads.get(service.namespace) ?? []).some(({ template }) =>
            matches(service.object.spec.selector, template.metadata.labels),
          ),
      )
      .map((service) =>
        finding(
          this,
          service,
          "error",
          "spec.selector",
          `no workload in ${service.namespace} has labels ${JSON.stringify(service.object.spec.selector)}`,
        ),
      );
  },
};
