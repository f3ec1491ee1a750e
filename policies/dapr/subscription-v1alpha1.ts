import { finding, type Rule } from "../../lib/policies/rule.ts";

export const subscriptionV1alpha1: Rule = {
  id: "dapr/subscription-v1alpha1",
  summary: "A dapr.io/v1alpha1 Subscription.",
  why: "v2alpha1 is the stored version; writing v1alpha1 needs the operator's conversion webhook, so it fails while the control plane is down or not yet installed (dapr/dapr#7180).",
  fix: "Write the Subscription as dapr.io/v2alpha1 with `routes: {rules, default}`.",
  reference: "dapr/dapr#7180",
  severity: "warning",
  upstream: [{ issue: "dapr/dapr#7180" }],
  check(set) {
    return set
      .ofKind("Subscription", "dapr.io")
      .filter((s) => s.apiVersion === "dapr.io/v1alpha1")
      .map((s) => finding(this, s, "warning", "apiVersion", `Subscription ${s.name} is dapr.io/v1alpha1`));
  },
};
