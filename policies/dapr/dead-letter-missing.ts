import { finding, strictOutsideDev, type Rule } from "../../lib/policies/rule.ts";

export const deadLetterMissing: Rule = {
  id: "dapr/dead-letter-missing",
  summary: "A Subscription without deadLetterTopic.",
  why: "A message the app cannot process is retried and then dropped: the failure leaves no trace.",
  fix: "Set spec.deadLetterTopic.",
  reference: "https://docs.dapr.io/developing-applications/building-blocks/pubsub/pubsub-deadletter/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/subscription/subscription.go", line: 202 }],
  check(set, profile) {
    return set
      .ofKind("Subscription", "dapr.io")
      .filter((s) => !s.object.spec?.deadLetterTopic)
      .map((s) =>
        finding(
          this,
          s,
          strictOutsideDev(profile),
          "spec.deadLetterTopic",
          `Subscription ${s.name} has no dead-letter topic`,
        ),
      );
  },
};
