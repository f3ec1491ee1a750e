import type { ComponentDeclaration } from "./schema.ts";
import { devRedis } from "./shared/redis.ts";

const kafka = (brokers: string) => ({
  type: "pubsub.kafka",
  version: "v1",
  metadata: { brokers, authType: "password", saslMechanism: "SHA-512", initialOffset: "oldest" },
  secrets: {
    saslUsername: { name: "orderpubsub-kafka", key: "username" },
    saslPassword: { name: "orderpubsub-kafka", key: "password" },
  },
});

export default {
  name: "orderpubsub",
  description: "Order events between the order flow's apps",
  kind: "pubsub",
  backends: {
    dev: devRedis("pubsub.redis"),
    staging: kafka("kafka-0.staging.internal.example.com:9093,kafka-1.staging.internal.example.com:9093"),
    prod: kafka("kafka-0.prod.internal.example.com:9093,kafka-1.prod.internal.example.com:9093,kafka-2.prod.internal.example.com:9093"),
  },
} satisfies ComponentDeclaration;
