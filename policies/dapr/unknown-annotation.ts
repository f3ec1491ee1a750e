import { DAPR_ANNOTATIONS, nearest } from "../../runtime/dapr-facts.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";

export const unknownAnnotation: Rule = {
  id: "dapr/unknown-annotation",
  summary: "A dapr.io/* pod-template annotation that Dapr does not know.",
  why: "The injector ignores unknown annotations without a word: `dapr.io/enable: true` gives a pod without a sidecar.",
  fix: "Use the annotation name the message suggests.",
  reference: "dapr/dapr@v1.18.3 pkg/injector/annotations/annotations.go",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/injector/annotations/annotations.go", line: 21 }],
  check(set) {
    return set.workloads().flatMap(({ workload, template }) =>
      Object.keys(template.metadata.annotations ?? {})
        .filter((key) => key.startsWith("dapr.io/") && !DAPR_ANNOTATIONS.includes(key))
        .map((key) => {
          const suggestion = nearest(key, DAPR_ANNOTATIONS);
          return finding(
            this,
            workload,
            "error",
            `${template.path ? `${template.path}.` : ""}metadata.annotations["${key}"]`,
            `Dapr does not know the annotation ${key}; did you mean ${suggestion}?`,
            `Rename it to ${suggestion}.`,
          );
        }),
    );
  },
};
