import type { ComponentDeclaration } from "../lib/model/declarations/component.ts";
import { devRedis } from "./shared/redis.ts";

export default {
  name: "statestore",
  description: "Order records and the order workflow's actor state",
  kind: "state",
  actorStateStore: true,
  backends: {
    dev: devRedis("state.redis"),
    default: {
      type: "state.postgresql",
      version: "v2",
      metadata: { tablePrefix: "orders_", timeout: "20s" },
      secrets: { connectionString: { name: "statestore-postgresql", key: "connectionString" } },
    },
  },
} satisfies ComponentDeclaration;
