import type { ComponentDeclaration } from "./schema.ts";

export default {
  name: "statestore",
  description: "Order records and the order workflow's actor state",
  kind: "state",
  actorStateStore: true,
  backends: {
    dev: {
      type: "state.redis",
      version: "v1",
      metadata: { redisHost: "redis.orders.svc.cluster.local:6379" },
      secrets: { redisPassword: { name: "redis", key: "password" } },
    },
    default: {
      type: "state.postgresql",
      version: "v2",
      metadata: { tablePrefix: "orders_", timeout: "20s" },
      secrets: { connectionString: { name: "statestore-postgresql", key: "connectionString" } },
    },
  },
} satisfies ComponentDeclaration;
