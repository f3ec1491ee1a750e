import { finding, strictOutsideDev, type Finding, type Rule } from "../../lib/policies/rule.ts";

/** A Resiliency applies to the apps its scopes name, or to every app of its namespace when it names none. */
function appliesTo(scopes: unknown, appId: string): boolean {
  return !Array.isArray(scopes) || scopes.length === 0 || scopes.includes(appId);
}

export const deadLetterBreaker: Rule = {
  id: "dapr/dead-letter-breaker",
  summary:
    "A Resiliency that puts a circuit breaker on the inbound deliveries of a pub/sub to an app whose Subscription there has a deadLetterTopic.",
  why: "An open breaker fails a delivery at once and the sidecar treats that error as final: no retry. With a dead-letter topic the sidecar then moves the event there, so once a few failing events open the breaker, every event for the app goes to the dead-letter topic, healthy ones too, until the breaker closes.",
  fix: "Wrap the pub/sub's inbound direction in retry and timeout only (no circuitBreaker); keep the breaker on the outbound direction.",
  reference: "https://docs.dapr.io/operations/resiliency/targets/#components",
  severity: "warning in dev, error in staging and prod",
  upstream: [
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/resiliency/policy.go", line: 216 },
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/subscription/subscription.go", line: 399 },
  ],
  check(set, profile) {
    const found: Finding[] = [];
    for (const subscription of set.ofKind("Subscription", "dapr.io")) {
      const spec = subscription.object.spec ?? {};
      if (!spec.deadLetterTopic || !spec.pubsubname) continue;
      const subscribers = (subscription.object.scopes ?? []) as string[];
      for (const resiliency of set.ofKind("Resiliency", "dapr.io")) {
        if (resiliency.namespace !== subscription.namespace) continue;
        const breaker = resiliency.object.spec?.targets?.components?.[spec.pubsubname]?.inbound?.circuitBreaker;
        if (!breaker) continue;
        const apps = subscribers.filter((app) => appliesTo(resiliency.object.scopes, app));
        if (subscribers.length > 0 && apps.length === 0) continue;
        found.push(
          finding(
            this,
            resiliency,
            strictOutsideDev(profile),
            `spec.targets.components.${spec.pubsubname}.inbound.circuitBreaker`,
            `breaker "${breaker}" on ${spec.pubsubname}'s deliveries to ${apps.join(", ") || "every app of the namespace"}: while it is open, each event of Subscription ${subscription.name} goes straight to ${spec.deadLetterTopic}`,
          ),
        );
      }
    }
    return found;
  },
};
