import type { Rule } from "../../lib/policies/rule.ts";

export const notAnObject: Rule = {
  id: "k8s/not-an-object",
  summary:
    "A YAML document in the checked files that is not a Kubernetes object (no apiVersion or kind, or not a mapping).",
  why: "kubectl and Argo CD refuse such a document, or it was meant to be an object and a misspelt field (Kind:) hides it from every other rule.",
  fix: "Give the document apiVersion and kind (case-sensitive), or move files that are not manifests out of the checked folders.",
  reference: "https://kubernetes.io/docs/concepts/overview/working-with-objects/#describing-a-kubernetes-object",
  severity: "warning",
  upstream: [{ repository: "kubernetes/apimachinery", tag: "v0.36.3", file: "pkg/runtime/error.go", line: 90 }],
  check(set) {
    return set.notObjects.map((document) => ({
      rule: this.id,
      severity: "warning" as const,
      message: `not a Kubernetes object: ${document.reason}`,
      file: document.file,
      line: document.line,
      kind: "",
      namespace: "",
      name: "",
      path: "",
      fix: this.fix,
    }));
  },
};
