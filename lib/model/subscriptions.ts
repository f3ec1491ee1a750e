// One Dapr Subscription per topic an app subscribes to, scoped to that app.
import type { App } from "./declarations/app.ts";
import { sortBy } from "../sort.ts";
import type { SubscriptionModel } from "./types.ts";

export function resolveSubscriptions(app: App): SubscriptionModel[] {
  const subscriptions = app.subscribes.map((subscription) => ({
    name: subscriptionName(app.id, subscription.pubsub, subscription.topic),
    namespace: app.namespace,
    subscriber: app.id,
    pubsub: subscription.pubsub,
    topic: subscription.topic,
    rules: subscription.rules.map((rule) => ({ ...rule })),
    defaultRoute: subscription.route,
    deadLetterTopic: subscription.deadLetterTopic,
    bulk: subscription.bulk,
  }));
  return sortBy(subscriptions, (s) => s.name);
}

/** `<app>-<pubsub>-<topic>`, with characters a Kubernetes name cannot hold replaced by '-'. */
export function subscriptionName(app: string, pubsub: string, topic: string): string {
  return `${app}-${pubsub}-${topic
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")}`;
}
