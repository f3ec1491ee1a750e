import type { ComponentDeclaration } from "./schema.ts";

export default {
  name: "lockstore",
  description: "Distributed lock so that one shipping-worker dispatches at a time",
  kind: "lock",
  backends: {
    dev: {
      type: "lock.redis",
      version: "v1",
      metadata: { redisHost: "redis.orders.svc.cluster.local:6379" },
      secrets: { redisPassword: { name: "redis", key: "password" } },
    },
    staging: {
      type: "lock.redis",
      version: "v1",
      metadata: { redisHost: "redis.staging.internal.example.com:6380", enableTLS: "true" },
      secrets: { redisPassword: { name: "lockstore-redis", key: "password" } },
    },
    prod: {
      type: "lock.redis",
      version: "v1",
      metadata: { redisHost: "redis.prod.internal.example.com:6380", enableTLS: "true" },
      secrets: { redisPassword: { name: "lockstore-redis", key: "password" } },
    },
  },
} satisfies ComponentDeclaration;
