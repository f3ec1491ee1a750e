import { finding, type Rule } from "../../lib/policies/rule.ts";
import { daprComponents, scopesOf } from "./dapr-components.ts";

export const componentUnscoped: Rule = {
  id: "dapr/component-unscoped",
  summary: "A Component without scopes.",
  why: "An unscoped Component is loaded by every Dapr app in its namespace: each sidecar connects to the backend and can read and write it.",
  fix: "Add top-level `scopes:` listing the app ids that use the component.",
  reference: "https://docs.dapr.io/operations/components/component-scopes/",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/operator/api/components.go", line: 104 }],
  check(set) {
    return daprComponents(set)
      .filter((component) => !scopesOf(component))
      .map((component) =>
        finding(
          this,
          component,
          "error",
          "scopes",
          `Component ${component.namespace}/${component.name} has no scopes, so every Dapr app in ${component.namespace} loads it`,
        ),
      );
  },
};
