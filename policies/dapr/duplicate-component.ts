import type { SetObject } from "../../lib/policies/object-set.ts";
import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { daprComponents } from "./dapr-components.ts";

export const duplicateComponent: Rule = {
  id: "dapr/duplicate-component",
  summary: "Two Components with one name in one namespace of one environment.",
  why: "Only one survives the apply; which one depends on order.",
  fix: "Rename one, or merge them.",
  reference: "https://docs.dapr.io/reference/components-reference/",
  severity: "error in every profile",
  upstream: [{ repository: "argoproj/argo-cd", tag: "v3.5.1", file: "controller/state.go", line: 567 }],
  check(set) {
    const seen = new Map<string, SetObject>();
    const found: Finding[] = [];
    for (const component of daprComponents(set)) {
      const key = `${component.namespace}/${component.name}`;
      // Only within one environment: the same Component in dev's and prod's folders is not a duplicate.
      const first = seen.get(`${set.environmentOf(component)} ${key}`);
      if (first)
        found.push(
          finding(
            this,
            component,
            "error",
            "metadata.name",
            `Component ${key} is also defined in ${first.file}:${first.line}`,
          ),
        );
      else seen.set(`${set.environmentOf(component)} ${key}`, component);
    }
    return found;
  },
};
