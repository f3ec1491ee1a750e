import { finding, type Rule } from "../../lib/policies/rule.ts";
import { scopesOf } from "./dapr-components.ts";

export const subscriptionPubsubMissing: Rule = {
  id: "dapr/subscription-pubsub-missing",
  summary: "A Subscription whose pub/sub Component is missing from its namespace or not scoped to its subscribers.",
  why: "The subscriber's sidecar never loads the pub/sub, so the subscription receives nothing and reports nothing.",
  fix: "Create the pub/sub Component in the Subscription's namespace and list every subscriber in its scopes.",
  reference: "https://docs.dapr.io/developing-applications/building-blocks/pubsub/subscription-methods/",
  severity: "error in every profile",
  upstream: [
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/processor/subscriber/subscriber.go", line: 260 },
  ],
  check(set) {
    return set.ofKind("Subscription", "dapr.io").flatMap((subscription) => {
      const pubsubName = String(subscription.object.spec?.pubsubname ?? "");
      const component = set
        .find("Component", subscription.namespace, pubsubName)
        .find((candidate) => String(candidate.object.spec?.type ?? "").startsWith("pubsub."));
      if (!component)
        return [
          finding(
            this,
            subscription,
            "error",
            "spec.pubsubname",
            `no pub/sub Component "${pubsubName}" in namespace ${subscription.namespace}`,
          ),
        ];
      const scopes = scopesOf(component);
      const outside = (scopesOf(subscription) ?? []).filter((subscriber) => scopes && !scopes.includes(subscriber));
      return outside.map((subscriber) =>
        finding(
          this,
          subscription,
          "error",
          "scopes",
          `subscriber ${subscriber} is not in the scopes of Component ${component.name}`,
        ),
      );
    });
  },
};
