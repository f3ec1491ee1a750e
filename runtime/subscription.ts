// A declarative Subscription, always dapr.io/v2alpha1: writing v1alpha1 needs the operator's conversion webhook (dapr/dapr#7180).
import type { Chart } from "cdk8s";
import { SubscriptionV2Alpha1 } from "../imports/dapr.io.ts";
import { constructId } from "../lib/render/layer-renderer.ts";
import type { SubscriptionModel } from "../lib/model/types.ts";

export function renderSubscription(chart: Chart, subscription: SubscriptionModel): SubscriptionV2Alpha1 {
  return new SubscriptionV2Alpha1(chart, constructId("subscription", subscription.namespace, subscription.name), {
    metadata: { name: subscription.name, namespace: subscription.namespace },
    spec: {
      pubsubname: subscription.pubsub,
      topic: subscription.topic,
      routes: { rules: subscription.rules.map((rule) => ({ ...rule })), default: subscription.defaultRoute },
      ...(subscription.deadLetterTopic ? { deadLetterTopic: subscription.deadLetterTopic } : {}),
      ...(subscription.bulk ? { bulkSubscribe: { enabled: true, ...subscription.bulk } } : {}),
    },
    scopes: [subscription.subscriber],
  });
}
