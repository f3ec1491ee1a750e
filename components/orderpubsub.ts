import type { ComponentDeclaration } from "../lib/model/declarations/component.ts";
import { devRedis } from "./shared/redis.ts";

export default {
  name: "orderpubsub",
  description: "Order events between the order flow's apps",
  kind: "pubsub",
  backends: {
    dev: devRedis("pubsub.redis"),
    default: {
      type: "pubsub.kafka",
      version: "v1",
      metadata: {
        brokers: { setting: "kafkaBrokers" },
        authType: "password",
        saslMechanism: "SHA-512",
        initialOffset: "oldest",
      },
      secrets: {
        saslUsername: { name: "orderpubsub-kafka", key: "username" },
        saslPassword: { name: "orderpubsub-kafka", key: "password" },
      },
    },
  },
} satisfies ComponentDeclaration;
