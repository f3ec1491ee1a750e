import { finding, type Rule } from "../../lib/policies/rule.ts";
import { daprApps } from "./dapr-apps.ts";

export const resiliencyTargetUnknown: Rule = {
  id: "dapr/resiliency-target-unknown",
  summary: "A Resiliency target app or component that no object in the set defines.",
  why: "The policy never applies; a renamed app or component silently loses its timeouts and retries.",
  fix: "Fix the target's name, or remove the target.",
  reference: "https://docs.dapr.io/operations/resiliency/targets/",
  severity: "warning",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/resiliency/resiliency.go", line: 620 }],
  check(set) {
    const appIds = new Set(daprApps(set).map((app) => app.appId));
    return set.ofKind("Resiliency", "dapr.io").flatMap((resiliency) => {
      const targets = resiliency.object.spec?.targets ?? {};
      return [
        ...Object.keys(targets.apps ?? {})
          .filter((app) => !appIds.has(app))
          .map((app) =>
            finding(this, resiliency, "warning", `spec.targets.apps.${app}`, `no Dapr app "${app}" in the set`),
          ),
        ...Object.keys(targets.components ?? {})
          .filter((name) => set.find("Component", resiliency.namespace, name).length === 0)
          .map((name) =>
            finding(
              this,
              resiliency,
              "warning",
              `spec.targets.components.${name}`,
              `no Component "${name}" in namespace ${resiliency.namespace}`,
            ),
          ),
      ];
    });
  },
};
